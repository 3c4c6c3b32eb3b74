// Every request re-reads the graph version, so writes made outside the API
// under test (wipes, a second executor) show in the very next answer.
process.env.PATHWARDEN_INDEX_STALENESS_MS = '0';

// Tests read answers, not logs; set PATHWARDEN_LOG_LEVEL=info to see them.
process.env.PATHWARDEN_LOG_LEVEL = process.env.PATHWARDEN_LOG_LEVEL || 'silent';
