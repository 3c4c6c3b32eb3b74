// Every request re-reads the graph version, so writes made outside the API
// under test (wipes, a second executor) show in the very next answer.
process.env.PATHWARDEN_INDEX_STALENESS_MS = '0';

// Tests read answers, not logs; set PATHWARDEN_LOG_LEVEL=info to see them.
process.env.PATHWARDEN_LOG_LEVEL = process.env.PATHWARDEN_LOG_LEVEL || 'silent';

// Tests ask at injected instants: each request computes its own findings report
// (test/findings.cache.test.ts turns the sharing between requests back on).
process.env.PATHWARDEN_FINDINGS_CACHE_MS = process.env.PATHWARDEN_FINDINGS_CACHE_MS || '0';
