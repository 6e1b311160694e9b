#!/usr/bin/env node
// A Node.js client of ProdStock that knows nothing of .NET: it loads the schema emitted from the C# contracts
// (protos/services.proto) at run time with @grpc/proto-loader, calls the host over mutual TLS with @grpc/grpc-js,
// runs a fixed scenario and prints one JSON object per call on stdout. Exit code 0: every call answered as
// expected; 1: an unexpected error or answer (also printed); 2: bad arguments or unreadable files.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const USAGE = `usage: node client.js --address localhost:10086 --ca ca.pem --cert client.pem --key client.key \\
         --proto services.proto [--include DIR ...] [--order-no NO] [--deadline-seconds 10]

  --address           host:port of the gRPC endpoint (use "localhost": the server certificate names it)
  --ca                PEM file of the CA the server certificate must chain to
  --cert, --key       PEM client certificate and its private key (the server requires mutual TLS)
  --proto             the emitted schema, protos/services.proto
  --include           a folder to resolve imports from (google/protobuf/*.proto, google/api/*.proto, ...); repeatable
  --order-no          order number of the NewOrder calls (the idempotency key; default: node-<time>-<pid>)
  --deadline-seconds  deadline of every call (default 10)`;

function readArguments() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        address: { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        proto: { type: 'string' },
        include: { type: 'string', multiple: true, default: [] },
        'order-no': { type: 'string', default: `node-${Date.now()}-${process.pid}` },
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

  const missing = ['address', 'ca', 'cert', 'key', 'proto'].filter((name) => !values[name]);
  if (missing.length > 0) {
    fail(2, `missing --${missing.join(', --')}\n${USAGE}`);
  }

  const deadlineSeconds = Number(values['deadline-seconds']);
  if (!Number.isFinite(deadlineSeconds) || deadlineSeconds <= 0) {
    fail(2, `--deadline-seconds must be a positive number, not "${values['deadline-seconds']}"`);
  }

  return {
    address: values.address,
    ca: readFile(values.ca, '--ca'),
    cert: readFile(values.cert, '--cert'),
    key: readFile(values.key, '--key'),
    proto: path.resolve(values.proto),
    includeDirs: values.include.map((dir) => path.resolve(dir)),
    orderNo: values['order-no'],
    deadlineMs: deadlineSeconds * 1000,
  };
}

function readFile(file, option) {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    return fail(2, `${option}: cannot read ${file}: ${error.message}`);
  }
}

function fail(exitCode, message) {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

/** The three services of package "services", sharing one channel with mutual TLS. */
function connect(options) {
  // The proto file is given as an absolute path; its imports are looked up in the include folders in order.
  const packageDefinition = protoLoader.loadSync(options.proto, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [path.dirname(options.proto), ...options.includeDirs],
  });
  const services = grpc.loadPackageDefinition(packageDefinition).services;
  for (const name of ['ProdService', 'OrderService', 'UserService']) {
    if (typeof services?.[name] !== 'function') {
      fail(2, `${options.proto} defines no service services.${name}`);
    }
  }

  // Trust only the given CA; present the client certificate (the host refuses the handshake without one).
  const credentials = grpc.credentials.createSsl(options.ca, options.key, options.cert);
  const prod = new services.ProdService(options.address, credentials);
  const channelOverride = prod.getChannel();
  return {
    prod,
    order: new services.OrderService(options.address, credentials, { channelOverride }),
    user: new services.UserService(options.address, credentials, { channelOverride }),
    close: () => prod.close(),
  };
}

/** A unary call as a promise, with a deadline. */
function unary(client, method, request, deadlineMs) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + deadlineMs }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

function users(...ids) {
  return { users: ids.map((user_id) => ({ user_id })) };
}

// A reader that stops early (| head) is not an error of the scenario.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') {
    process.exit(process.exitCode ?? 0);
  }
  throw error;
});

function emit(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** The fixed scenario: each step returns the JSON line to print; an error it does not expect propagates. */
function scenario(clients, options) {
  const deadline = () => ({ deadline: Date.now() + options.deadlineMs });
  const now = Date.now();
  const orderRequest = {
    order_main: {
      order_no: options.orderNo,
      user_id: 7,
      order_money: 19.99,
      // google.protobuf.Timestamp; int64 seconds as a string (longs: String), as proto-loader hands it back.
      order_time: { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1_000_000 },
    },
  };

  const newOrder = async () => {
    const response = await unary(clients.order, 'NewOrder', orderRequest, options.deadlineMs);
    return {
      call: 'NewOrder',
      order_no: orderRequest.order_main.order_no,
      order_time: orderRequest.order_main.order_time,
      status: response.status,
      message: response.message,
      order_id: response.order_id,
    };
  };

  return [
    {
      call: 'GetProdStock',
      run: async () => {
        const response = await unary(clients.prod, 'GetProdStock', { prod_id: 1, prod_area: 'B' }, options.deadlineMs);
        return { call: 'GetProdStock', prod_id: 1, prod_area: 'B', prod_stock: response.prod_stock };
      },
    },
    {
      call: 'GetProdStocks',
      run: async () => {
        const response = await unary(clients.prod, 'GetProdStocks', { size: 5 }, options.deadlineMs);
        return { call: 'GetProdStocks', size: 5, productes: response.productes.map((p) => ({ prod_id: p.prod_id, prod_stock: p.prod_stock })) };
      },
    },
    {
      call: 'GetProdInfo',
      run: async () => {
        const response = await unary(clients.prod, 'GetProdInfo', { prod_id: 998 }, options.deadlineMs);
        return { call: 'GetProdInfo', prod_id: response.prod_id, prod_name: response.prod_name, prod_price: response.prod_price };
      },
    },
    { call: 'NewOrder', run: newOrder },
    { call: 'NewOrder', run: newOrder },
    {
      call: 'GetUserScoreByServerStream',
      run: async () => {
        const call = clients.user.GetUserScoreByServerStream(users(1, 2, 3, 4, 5), deadline());
        const batches = [];
        for await (const response of call) {
          batches.push(response.users);
        }
        return { call: 'GetUserScoreByServerStream', batches };
      },
    },
    {
      call: 'GetUserScoreByClientStream',
      run: async () => {
        const response = await new Promise((resolve, reject) => {
          const call = clients.user.GetUserScoreByClientStream(deadline(), (error, result) => (error ? reject(error) : resolve(result)));
          call.write(users(1, 2));
          call.write(users(3));
          call.write(users(4, 5));
          call.end();
        });
        return { call: 'GetUserScoreByClientStream', messages: 3, users: response.users };
      },
    },
    {
      call: 'GetUserScoreByDoubleEndStream',
      run: async () => {
        const call = clients.user.GetUserScoreByDoubleEndStream(deadline());
        const answers = call[Symbol.asyncIterator]();
        const rounds = [];
        try {
          for (const ids of [[1], [2, 3], [4, 5]]) {
            call.write(users(...ids));
            // Each answer is read before the next message is written: the server answers as messages arrive.
            const answer = await answers.next();
            if (answer.done) {
              throw new Error(`the stream ended before the answer to users ${ids.join(', ')}`);
            }
            rounds.push({ sent: ids, users: answer.value.users });
          }
          call.end();
          const end = await answers.next();
          if (!end.done) {
            throw new Error(`an unexpected fourth answer: ${JSON.stringify(end.value)}`);
          }
        } catch (error) {
          call.cancel();
          throw error;
        }
        return { call: 'GetUserScoreByDoubleEndStream', rounds };
      },
    },
    {
      call: 'GetProdStock',
      expectedCode: grpc.status.NOT_FOUND,
      run: async () => {
        const response = await unary(clients.prod, 'GetProdStock', { prod_id: 1001, prod_area: 'A' }, options.deadlineMs);
        return { call: 'GetProdStock', prod_id: 1001, prod_stock: response.prod_stock };
      },
      request: { prod_id: 1001 },
    },
    {
      call: 'GetProdStocks',
      expectedCode: grpc.status.INVALID_ARGUMENT,
      run: async () => {
        const response = await unary(clients.prod, 'GetProdStocks', { size: 0 }, options.deadlineMs);
        return { call: 'GetProdStocks', size: 0, productes: response.productes };
      },
      request: { size: 0 },
    },
  ];
}

async function main() {
  const options = readArguments();
  let clients;
  try {
    clients = connect(options);
  } catch (error) {
    fail(2, `cannot load ${options.proto}: ${error.message}`);
  }

  let failures = 0;
  for (const step of scenario(clients, options)) {
    try {
      const line = await step.run();
      if (step.expectedCode !== undefined) {
        failures++;
        emit({ ...line, unexpected: true, expected_error_code: step.expectedCode });
      } else {
        emit(line);
      }
    } catch (error) {
      const code = typeof error.code === 'number' ? error.code : null;
      const line = { call: step.call, ...step.request, error_code: code, details: error.details ?? error.message };
      if (step.expectedCode === undefined || code !== step.expectedCode) {
        failures++;
        line.unexpected = true;
        if (step.expectedCode !== undefined) {
          line.expected_error_code = step.expectedCode;
        }
      }

      emit(line);
    }
  }

  clients.close();
  if (failures > 0) {
    process.stderr.write(`${failures} call(s) did not answer as expected\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
