export { createOrderWorker, type OrderWorkerProcess } from './create-worker.ts';
export { loadWorkerConfig, type WorkerConfig } from './config.ts';
export { DeliveryWorker, type WorkerOptions } from './worker.ts';
export { earnOperationId } from './deliver.ts';
export { replayOrder } from './replay.ts';
