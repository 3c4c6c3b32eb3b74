// The SDL owns the types: every feature's *.graphql under src/ is merged and
// turned into resolver and model types in src/generated/, which nobody edits
// by hand (it is rebuilt by `npm run codegen`, before start and test).
// The console's pages (src/console/page) write their GraphQL documents beside
// each view with `graphql(...)`; the client preset types each one from the
// same SDL into src/generated/console (documentMode string: the page sends
// the text, so no GraphQL library is bundled into it).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'src/**/*.graphql',
  generates: {
    'src/generated/console/': {
      documents: 'src/console/page/**/*.ts',
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { documentMode: 'string', enumsAsTypes: true, scalars: { DateTime: 'string' }, useTypeImports: true },
    },
    'src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useIndexSignature: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        contextType: '../server/context#RequestContext',
        // Resolvers receive our own row objects, not the GraphQL shapes.
        mappers: {
          Person: '../core/rows#EntityRow',
          Team: '../core/rows#EntityRow',
          Identity: '../core/rows#EntityRow',
          Tool: '../core/rows#EntityRow',
          Role: '../core/rows#EntityRow',
          Tenant: '../core/rows#EntityRow',
          System: '../core/rows#EntityRow',
          Entity: '../core/rows#EntityRow',
          Access: '../core/rows#AccessRef',
          OwnerLink: '../core/rows#OwnerLinkRow',
          PathStep: '../reach/model#PathStepModel',
          AccessPath: '../reach/model#PathModel',
          ReachedSystem: '../reach/model#ReachedSystemModel',
          BlastRadius: '../reach/model#BlastRadiusModel',
          TenantReach: '../reach/model#TenantReachModel',
          ReachTree: '../reach/tree#ReachTreeModel',
          ReachTreeNode: '../reach/tree#TreeNodeModel',
          ReachTreeEdge: '../reach/tree#TreeEdgeModel',
          Reacher: '../reach/model#ReacherModel',
          Exposure: '../reach/model#ExposureModel',
          AccountabilityGap: '../accountability/model#GapModel',
          Finding: '../findings/model#FindingModel',
          BreakGlassUseEvidence: '../findings/model#BreakGlassUseModel',
          FindingCodeCount: '../findings/model#FindingCodeCountModel',
          FindingTenantCount: '../findings/model#FindingTenantCountModel',
          FindingSummary: '../findings/model#FindingSummaryModel',
          AccessChange: '../lifecycle/model#AccessChangeModel',
          OwnershipChange: '../lifecycle/model#OwnershipChangeModel',
          Revocation: '../lifecycle/model#RevocationModel',
          CredentialToRotate: '../lifecycle/model#CredentialModel',
          OwnershipToReassign: '../lifecycle/model#ReassignModel',
          OffboardingReport: '../lifecycle/model#OffboardingModel',
          RemainingReach: '../lifecycle/model#RemainingReachModel',
          ContractTerminationReport: '../lifecycle/model#TerminationModel',
          BreakGlassUse: '../lifecycle/model#BreakGlassUseRow',
          AuditEvent: '../audit/trail#AuditEventRow',
          OwnedReach: '../owners/model#OwnedReachModel',
          DueRecertification: '../owners/model#DueRecertificationModel',
        },
      },
    },
  },
};

export default config;
