// Status bar text and tooltip. Pure (no vscode).

export interface StatusCounts {
  callSites: number;
  retired: number;
  retiring: number;
  scanning: boolean;
  retiringWithinDays: number;
}

export function statusBarText(c: StatusCounts): string {
  if (c.scanning && c.callSites === 0) return '$(sync~spin) Promptshift: scanning…';
  const sites = c.callSites === 1 ? '1 call site' : `${c.callSites} call sites`;
  return `$(symbol-event) ${sites} · ${c.retired + c.retiring} retired/retiring`;
}

export function statusBarTooltip(c: StatusCounts): string {
  const lines = [`Promptshift found ${c.callSites} prompt call site${c.callSites === 1 ? '' : 's'} in this workspace.`];
  if (c.retired) lines.push(`${c.retired} use a retired model (requests to it fail).`);
  if (c.retiring) lines.push(`${c.retiring} use a model retiring within ${c.retiringWithinDays} days.`);
  if (c.scanning) lines.push('Scanning…');
  lines.push('Click to show the Call Sites view.');
  return lines.join('\n');
}
