// Go, Java and C#: constants and configuration properties in the same package or project.
import type { CallSite } from '../../callsite';
import type { DotenvFiles } from './dotenv';
import type { FlowFiles } from './ports';

export function resolveGjcConstants(_site: CallSite, _files: FlowFiles, _dotenv: DotenvFiles): boolean {
  return false;
}
