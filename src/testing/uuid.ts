// The UUID helpers moved to the protocol layer (lookups by UUID need them); kept here for the
// fake daemon and the CLI, which import them from this path.
export { formatUuid, parseUuid, sameUuid } from '../protocol/uuid.js';
