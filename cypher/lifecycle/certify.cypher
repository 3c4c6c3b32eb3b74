// Records a certification of an access record: when, by whom, and the
// certifier's note. Only the latest certification lives on the record; every
// one of them is also an audit event (CERTIFIED), which keeps the history.
// Params: $id, $at (DateTime), $certifiedBy (Person id), $note, $now. Returns id.
MATCH ()-[r:ACCESS {id: $id}]->()
WHERE r.stagedBy IS NULL
SET r.lastCertifiedAt = $at, r.certifiedBy = $certifiedBy, r.certificationNote = $note, r.updatedAt = $now
RETURN r.id AS id
