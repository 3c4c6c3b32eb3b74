// Releases the sync lease of a whole-source sync, if it still holds it: in
// its publishing transaction (so writes resume exactly when the new state is
// visible), or after it failed, once its staged records are purged.
// Params: $syncId. Returns released (true when this sync held the lease).
MATCH (g:GraphState {id: 'graph'})
WITH g, g.syncLeaseId = $syncId AS held
FOREACH (_ IN CASE WHEN held THEN [1] ELSE [] END |
  SET g.syncLeaseId = null, g.syncLeaseSource = null, g.syncLeaseExpiresAt = null)
RETURN coalesce(held, false) AS released
