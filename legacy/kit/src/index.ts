export { createStandIn, type StandIn, type StandInOptions } from './stand-in.ts';
export { installSandbox, SandboxState, faultsSchema, type Faults, type SandboxOptions } from './sandbox.ts';
export { runStandIn } from './run.ts';
export { deliverWebhook, type WebhookDelivery } from './webhook-sender.ts';
