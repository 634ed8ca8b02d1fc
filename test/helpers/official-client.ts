/**
 * A V2 client built from the OFFICIAL clarifai-nodejs-grpc protos, loaded
 * exactly as the package's own stub loads them (same files, same loader
 * options), but plaintext to loopback — the package's ClarifaiStub always
 * uses TLS. Tests drive the emulator with it: if the official client can't
 * tell the emulator from the API, neither can ours.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const OFFICIAL_ROOT = path.join(repoRoot, 'node_modules/clarifai-nodejs-grpc');
const GOOGLE_PROTOS = path.join(repoRoot, 'node_modules/google-proto-files');

/** The stub's file list (src/index.js of clarifai-nodejs-grpc). */
const OFFICIAL_FILES = [
  'proto/clarifai/api/status/status_code.proto',
  'proto/clarifai/api/status/status.proto',
  'proto/clarifai/api/resources.proto',
  'proto/clarifai/api/service_processed.proto',
  'proto/clarifai/api/utils/matrix.proto',
];

/** The stub's loader options, verbatim. */
const OFFICIAL_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: Number,
  defaults: true,
  oneofs: true,
};

/** Decoded messages are deeply dynamic; tests assert on their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>;

let V2: grpc.ServiceClientConstructor | undefined;

export function officialV2(): grpc.ServiceClientConstructor {
  if (!V2) {
    const definition = protoLoader.loadSync(OFFICIAL_FILES, {
      ...OFFICIAL_OPTIONS,
      // The official files import "proto/clarifai/…" and "google/api/…".
      includeDirs: [OFFICIAL_ROOT, GOOGLE_PROTOS],
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      clarifai: { api: { V2: grpc.ServiceClientConstructor } };
    };
    V2 = loaded.clarifai.api.V2;
  }
  return V2;
}

export interface CallOptions {
  /** Sent as `authorization: Key <key>`. */
  key?: string;
  /** Default 10 s: a test must end. */
  deadlineMs?: number;
}

export interface OfficialClient {
  /** One unary call; resolves with the decoded response, rejects with the gRPC error. */
  call(method: string, request: Message, options?: CallOptions): Promise<Message>;
  close(): void;
}

/** Plaintext unless `tls` gives the CA to trust (for the emulator's --tls-cert tests). */
export function officialClient(
  address: string,
  defaults: CallOptions = {},
  tls?: { rootCert: Buffer },
): OfficialClient {
  const Client = officialV2();
  const credentials = tls
    ? grpc.credentials.createSsl(tls.rootCert)
    : grpc.credentials.createInsecure();
  const client = new Client(address, credentials, {
    'grpc.max_receive_message_length': 1024 * 1024 * 1024,
    'grpc.max_send_message_length': 1024 * 1024 * 1024,
    // Test certificates name "localhost"; an IP as TLS server name is deprecated in Node.
    ...(tls
      ? { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' }
      : {}),
  });
  return {
    call(method, request, options = {}) {
      const { key, deadlineMs } = { ...defaults, ...options };
      const metadata = new grpc.Metadata();
      if (key !== undefined) metadata.set('authorization', `Key ${key}`);
      const fn = (client as unknown as Record<string, grpc.requestCallback<Message> | undefined>)[
        method
      ];
      if (typeof fn !== 'function')
        throw new Error(`the official V2 service has no method ${method}`);
      return new Promise((resolve, reject) => {
        (
          fn as unknown as (
            req: Message,
            md: grpc.Metadata,
            opts: grpc.CallOptions,
            cb: (e: grpc.ServiceError | null, r?: Message) => void,
          ) => void
        ).call(
          client,
          request,
          metadata,
          { deadline: Date.now() + (deadlineMs ?? 10_000) },
          (error, response) => (error ? reject(error) : resolve(response as Message)),
        );
      });
    },
    close: () => client.close(),
  };
}
