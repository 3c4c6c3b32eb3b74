/** Who the console is signed in as (the API's `viewer`), set once at sign-in. */
import type { ViewerRole } from '../../generated/console/graphql';

export interface Signed {
  id: string;
  role: ViewerRole;
  personId: string | null;
  tenantId: string | null;
}

let current: Signed | null = null;

export const session = {
  get: (): Signed | null => current,
  set: (viewer: Signed | null) => {
    current = viewer;
  },
  /** Whether the signed-in role may read the audit trail (the API allows ADMIN and ANALYST). */
  readsAudit: () => current?.role === 'ADMIN' || current?.role === 'ANALYST',
};
