// The webhook engine's public surface, for the API layer and the server's start and stop.
// docs/webhooks.md is the integrators' side of the same contract.
export { retryDelayMs, retryWindowMs } from './backoff';
export { recordAttempt, recordEvent } from './deliveries';
export { checkEventList, WEBHOOK_EVENT_TYPES, type WebhookEventData } from './events';
export { refusedAddress } from './ip-ranges';
export { checkCallerSecret, decryptSecret, encryptSecret, generateWebhookSecret, needsReencryption } from './secret-box';
export { signatureHeader, signPayload, verifySignature } from './signing';
export { checkTargetUrl, type Resolver } from './target-url';
export { checkWebhookInput, createWebhook, sendTest } from './webhooks';
export { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './worker';
