// CodeLens titles, as plain text. Pure (no vscode).
import { modelChoices, type CallSite } from '../../core/callsite';
import type { StatusKind } from '../../core/models/lifecycle';
import { schemaStatus } from '../views/tooltip';

/** `gpt-4o · openai.chat · schema ✓`, with the model's status when it is retired or retiring. */
export function infoLensTitle(site: CallSite, status?: StatusKind): string {
  const models = modelChoices(site);
  let modelText = models.length ? models.join(' | ') : 'model not static';
  if (models.length && site.model === null) modelText += ' (resolved)';
  if (status === 'retired') modelText += ' ⚠ retired';
  else if (status === 'retiring') modelText += ' ⚠ retiring';
  return `${modelText} · ${site.api} · ${schemaStatus(site)}`;
}

export const REPLAY_LENS_TITLE = '$(play) Replay…';
export const APPLY_RECOMMENDATION_LENS_TITLE = '$(check) Apply Recommendation';
