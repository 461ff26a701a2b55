// Scores a scanner's call sites against a labelled corpus: precision, recall, API-family and
// model-ID accuracy. Shared by the TypeScript and Python corpus tests, so it knows no language.

/** One labelled call site; every reported site without a label is a false positive. */
export interface Label {
  path: string;
  line: number;
  api: string;
  model: string | null;
  /** Absent means "not checked"; null means "must be null"; a list when a registry or switch picks among ids. */
  modelResolved?: string | string[] | null;
}

export interface Reported {
  path: string;
  line: number;
  api: string;
  model: string | null;
  modelResolved: string | string[] | null;
}

export interface Score {
  truePositives: number;
  falsePositives: Reported[];
  missed: Label[];
  wrongApi: { label: Label; got: Reported }[];
  wrongModel: { label: Label; got: Reported }[];
  precision: number;
  recall: number;
  apiAccuracy: number;
  /** Over matched sites: `model` and (when labelled) `modelResolved` both as labelled. */
  modelAccuracy: number;
}

const key = (path: string, line: number) => `${path}:${line}`;

/** A list of ids is compared as a set: the order a registry lists them in carries no meaning. */
function sameIds(a: string | string[] | null, b: string | string[] | null): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return [...a].sort().join('\n') === [...b].sort().join('\n');
  return a === b;
}

export function scoreCallSites(labels: readonly Label[], reported: readonly Reported[]): Score {
  const byKey = new Map<string, Label>();
  for (const l of labels) byKey.set(key(l.path, l.line), l);
  const matched = new Set<string>();
  const falsePositives: Reported[] = [];
  const wrongApi: Score['wrongApi'] = [];
  const wrongModel: Score['wrongModel'] = [];
  for (const r of reported) {
    const k = key(r.path, r.line);
    const label = byKey.get(k);
    // A second report on an already matched line is a duplicate, hence a false positive.
    if (!label || matched.has(k)) {
      falsePositives.push(r);
      continue;
    }
    matched.add(k);
    if (label.api !== r.api) wrongApi.push({ label, got: r });
    const modelOk = label.model === r.model && (label.modelResolved === undefined || sameIds(label.modelResolved, r.modelResolved));
    if (!modelOk) wrongModel.push({ label, got: r });
  }
  const missed = labels.filter((l) => !matched.has(key(l.path, l.line)));
  const tp = matched.size;
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  return {
    truePositives: tp,
    falsePositives,
    missed,
    wrongApi,
    wrongModel,
    precision: ratio(tp, tp + falsePositives.length),
    recall: ratio(tp, labels.length),
    apiAccuracy: ratio(tp - wrongApi.length, tp),
    modelAccuracy: ratio(tp - wrongModel.length, tp),
  };
}

/** A readable account of what went wrong, for assertion messages. */
export function describeScore(s: Score): string {
  const lines = [
    `precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)} api ${s.apiAccuracy.toFixed(3)} model ${s.modelAccuracy.toFixed(3)} (tp ${s.truePositives})`,
    ...s.falsePositives.map((r) => `  false positive ${r.path}:${r.line} ${r.api} ${r.model}`),
    ...s.missed.map((l) => `  missed ${l.path}:${l.line} ${l.api} ${l.model}`),
    ...s.wrongApi.map(({ label, got }) => `  api ${label.path}:${label.line} want ${label.api} got ${got.api}`),
    ...s.wrongModel.map(({ label, got }) => `  model ${label.path}:${label.line} want ${label.model}/${JSON.stringify(label.modelResolved)} got ${got.model}/${JSON.stringify(got.modelResolved)}`),
  ];
  return lines.join('\n');
}
