/**
 * The Store pub/sub channel on which an erasure announces the customer id (`customerIdForEmail`,
 * never the e-mail) whose cached legacy data every subgraph must drop; the orders subgraph listens
 * (its cached order lists). Subgraphs may not import one another, so the name is repeated there.
 */
export const PERSON_ERASED_CHANNEL = 'privacy:person-erased';
