/** The push protocol: signature, AES, XML, typed pushes. Knows nothing of 公积金 or of Koa. */
export * from './errors.js';
export * from './signature.js';
export * from './crypto.js';
export * from './types.js';
export * from './xml.js';
export * from './body.js';
export * from './dedupe.js';
export * from './inbound.js';
