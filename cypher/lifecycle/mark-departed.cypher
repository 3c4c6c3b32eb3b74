// Marks a person DEPARTED as of $departedAt (offboarding decided the instant:
// the earlier of the stored departure and the effective date; null keeps a
// person recorded DEPARTED without a date departed at every instant).
// Params: $personId, $departedAt (DateTime or null), $now. Returns id.
MATCH (p:Entity:Person {id: $personId})
SET p.status = 'DEPARTED', p.departedAt = $departedAt, p.updatedAt = $now
RETURN p.id AS id
