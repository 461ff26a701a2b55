// The replay engine's public surface.
export * from './cases';
export * from './plan';
export * from './cacheKey';
export * from './estimate';
export * from './rateLimit';
export * from './records';
export * from './scheduler';
export * from './engine';
export * from './batch';
export type { RunStore, CacheStore, CachedResponse, Price, PriceOf } from './ports';
