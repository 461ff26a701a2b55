// The Sha256Hex port of core/replay (request hashes, cache keys) over node:crypto. Node 20.12+ has a
// one-shot crypto.hash() that skips building a Hash object; older nodes use createHash.
import * as crypto from 'node:crypto';
import type { Sha256Hex } from '../core/replay/ports';

type OneShot = (algorithm: string, data: string, encoding: 'hex') => string;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

export const nodeSha256: Sha256Hex = oneShot
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
