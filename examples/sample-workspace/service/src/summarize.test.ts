// Unit test with a mocked client: not a call site.
import { vi, test, expect } from 'vitest';

const create = vi.fn().mockResolvedValue({ choices: [{ message: { content: 'ok' } }] });

test('summarizeTicket asks the model', async () => {
  expect(create).not.toHaveBeenCalled();
});
