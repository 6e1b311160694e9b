using ProtoBuf;

// Level300 maps DateTime to google.protobuf.Timestamp (and never to bcl.proto types),
// which is what the tutorial's .proto uses for order_time.
[module: CompatibilityLevel(CompatibilityLevel.Level300)]
