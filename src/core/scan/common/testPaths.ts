// Whether a path is test code: a test passes models a real run never uses (fakes, other vendors'
// ids to check a branch), so the cross-file pass does not take a caller's argument from one.

const TEST_DIR = /(^|\/)(tests?|__tests__|__mocks__|spec|testdata)\//;
const TEST_FILE = /^test_.*\.pyi?$|_test\.(pyi?|go)$|^conftest\.py$|\.(test|spec)\.[cm]?[jt]sx?$|Tests?\.(java|cs)$/;

export function isTestPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return TEST_FILE.test(base) || TEST_DIR.test(path) || path.includes('/src/test/');
}
