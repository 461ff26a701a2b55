// What the cross-file pass asks of its host (the CLI or the editor): the text of a file of the
// workspace, and the list of its source files. Synchronous on purpose: the pass follows a model
// through files as it goes (a few reads per call site, each cached), and the hosts read local disk
// or an open document; an async port would make every step of tracing a round trip.

export interface FlowFiles {
  /** The text of a file (source, `.env`, JSON, YAML, TOML), relative to the root; null when absent or unreadable. */
  read(path: string): string | null;
  /** Every source file the scan covers, relative to the root (asked for at most once, and only when needed). */
  paths(): readonly string[];
}
