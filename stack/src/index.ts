export { launchStack, freePort, type LaunchOptions, type RunningStack } from './launch.ts';
export { processes, repoRoot, type ProcessSpec } from './services.ts';
