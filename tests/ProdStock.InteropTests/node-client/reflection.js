#!/usr/bin/env node
// A Node.js client of ProdStock with no schema at all: it asks the host's gRPC server reflection (grpc.reflection.v1
// or v1alpha) for the services and their descriptors with grpc-js-reflection-client, builds the client of
// services.ProdService from what it received, and calls GetProdStock over mutual TLS. Nothing but the certificates is
// read from disk. Prints one JSON object per step on stdout. Exit code 0: every step answered as expected; 1: an
// unexpected error or answer (also printed); 2: bad arguments or unreadable files.
'use strict';

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');

const USAGE = `usage: node reflection.js --address localhost:10086 --ca ca.pem --cert client.pem --key client.key \\
         [--reflection v1|v1alpha] [--deadline-seconds 10]

  --address           host:port of the gRPC endpoint (use "localhost": the server certificate names it)
  --ca                PEM file of the CA the server certificate must chain to
  --cert, --key       PEM client certificate and its private key (the server requires mutual TLS)
  --reflection        the server reflection protocol: v1 (default) or v1alpha
  --deadline-seconds  deadline of every call (default 10)`;

function fail(exitCode, message) {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

function readFile(file, option) {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    return fail(2, `${option}: cannot read ${file}: ${error.message}`);
  }
}

function readArguments() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        address: { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        reflection: { type: 'string', default: 'v1' },
        'deadline-seconds': { type: 'string', default: '10' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(2, `${error.message}\n${USAGE}`);
  }

  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }

  const missing = ['address', 'ca', 'cert', 'key'].filter((name) => !values[name]);
  if (missing.length > 0) {
    fail(2, `missing --${missing.join(', --')}\n${USAGE}`);
  }

  if (!['v1', 'v1alpha'].includes(values.reflection)) {
    fail(2, `--reflection must be v1 or v1alpha, not "${values.reflection}"`);
  }

  const deadlineSeconds = Number(values['deadline-seconds']);
  if (!Number.isFinite(deadlineSeconds) || deadlineSeconds <= 0) {
    fail(2, `--deadline-seconds must be a positive number, not "${values['deadline-seconds']}"`);
  }

  return {
    address: values.address,
    // Trust only the given CA; present the client certificate (the host refuses the handshake without one).
    credentials: grpc.credentials.createSsl(readFile(values.ca, '--ca'), readFile(values.key, '--key'), readFile(values.cert, '--cert')),
    version: values.reflection,
    deadlineMs: deadlineSeconds * 1000,
  };
}

function emit(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main() {
  const options = readArguments();
  const deadline = () => ({ deadline: Date.now() + options.deadlineMs });
  const reflection = new GrpcReflection(options.address, options.credentials, {}, options.version);
  let failures = 0;

  // 1. The services the host lists.
  const services = await reflection.listServices('*', deadline());
  emit({ call: 'ListServices', reflection: options.version, services });

  // 2. The file that defines services.ProdService, with its imports (fetched by name as the client needs them), turned
  //    into a @grpc/grpc-js service client: proto-loader's options, field names as in the schema.
  const descriptor = await reflection.getDescriptorBySymbol('services.ProdService', deadline());
  const packageServices = descriptor.getPackageObject({ keepCase: true, longs: String, enums: String, defaults: true, oneofs: true }).services;
  const methods = Object.keys(packageServices?.ProdService?.service ?? {});
  emit({ call: 'FileContainingSymbol', reflection: options.version, symbol: 'services.ProdService', methods });

  // 3. A call made with that client only.
  const prod = new packageServices.ProdService(options.address, options.credentials);
  try {
    const response = await new Promise((resolve, reject) => {
      prod.GetProdStock({ prod_id: 1, prod_area: 'B' }, deadline(), (error, result) => (error ? reject(error) : resolve(result)));
    });
    emit({ call: 'GetProdStock', reflection: options.version, prod_id: response.prod_id, prod_area: 'B', prod_stock: response.prod_stock });
  } catch (error) {
    failures++;
    emit({ call: 'GetProdStock', reflection: options.version, error_code: typeof error.code === 'number' ? error.code : null, details: error.details ?? error.message, unexpected: true });
  } finally {
    prod.close();
  }

  if (failures > 0) {
    process.exitCode = 1;
  }
}

main().catch((error) => {
  emit({ call: 'reflection', unexpected: true, details: String(error?.message ?? error) });
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
}).finally(() => {
  // grpc-js-reflection-client keeps its reflection channel open; nothing else is pending.
  setImmediate(() => process.exit());
});
