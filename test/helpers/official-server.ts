/**
 * A V2 server built from the OFFICIAL clarifai-nodejs-grpc protos: what our
 * client sends is decoded exactly as Clarifai's own stubs decode it, and what
 * it answers is encoded the official way. Unlisted methods answer UNIMPLEMENTED.
 */
import * as grpc from '@grpc/grpc-js';
import { officialV2, type Message } from './official-client.js';

/** Return a response, or undefined to never answer (the client's deadline ends the call). */
export type OfficialHandler = (request: Message) => Message | undefined;

export interface OfficialServer {
  address: string;
  /** Every request received, per method, decoded with the official protos. */
  requests: Map<string, Message[]>;
  close(): Promise<void>;
}

export async function officialServer(
  handlers: Record<string, OfficialHandler>,
): Promise<OfficialServer> {
  const V2 = officialV2();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 256 * 1024 * 1024 });
  const requests = new Map<string, Message[]>();
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers)) {
    implementation[method] = (
      call: grpc.ServerUnaryCall<Message, Message>,
      callback: grpc.sendUnaryData<Message>,
    ) => {
      requests.set(method, [...(requests.get(method) ?? []), call.request]);
      const response = handler(call.request);
      if (response !== undefined) callback(null, response);
    };
  }
  server.addService(V2.service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}
