export { gql, sandboxCalls, sandboxReset, sandboxFaults, type GraphQLResponse, type CallCount } from './graphql-client.ts';
export { startTestStack, type TestStack } from './test-stack.ts';
