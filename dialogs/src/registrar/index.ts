/**
 * The registrar for agent phones (分机): a pure core that answers REGISTER and OPTIONS with
 * digest authentication per enterprise domain, keeps bindings with expiry in the caller's
 * clock, and reports extensions going online and offline as data.
 */
export { Registrar } from './registrar.js';
export type {
  ExtensionAccount, ExtensionLookup, RegisteredContact, RegistrarEvent, RegistrarOptions, RegistrarResult,
  RegistrationSource, RegistrationTransport,
} from './types.js';
export { REGISTRAR_REASONS, registrarRefusal } from './refusals.js';
export type { RegistrarRefusal, RegistrarRefusalCode } from './refusals.js';
