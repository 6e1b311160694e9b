using ProdStock.Host.Commands;
using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.ServiceModel;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ProdStock.Contracts;
using CodeFirst.Validation;
using CodeFirst.Schema;
using ProtoBuf;
using ProtoBuf.Grpc;
using ProtoBuf.Meta;
using CodeFirst.Model;

namespace ProdStock.InteropTests.Schema;

/// <summary>
/// The protoc-gen-validate rules in the emitted schema against the C# validator: compiled with protoc, read back as
/// <c>(validate.rules)</c> options, evaluated by a small PGV-rule evaluator, and compared with
/// <see cref="MessageValidator"/> for values just inside and just outside every bound of every request field.
/// </summary>
public sealed class ValidationRulesAgreementTests
{
    [Fact]
    public async Task ExportedRules_BoundaryValuesOfEveryRequestField_GetTheSameVerdictAsTheCSharpValidator()
    {
        var schema = new SchemaIndex(await CompileCheckedInSchemaAsync());

        var agreement = Agreement.Check(schema, RequestTypes(ProdStockContracts.ServiceContracts));

        string.Join("\n", agreement.Mismatches).Should().BeEmpty();
        agreement.FieldsWithRules.Should().BeEquivalentTo(
            "OrderRequest.order_main", "OrderRequest.order_main.order_no", "OrderRequest.order_main.user_id", "OrderRequest.order_main.order_money",
            "OrderRequest.order_main.order_lines", "OrderRequest.order_main.order_lines[0].prod_id", "OrderRequest.order_main.order_lines[0].prod_area",
            "OrderRequest.order_main.order_lines[0].quantity",
            "ProdRequest.prod_id", "ProdRequest.prod_area", "QuerySize.size", "QuerySize.prod_area",
            "UserScoreRequest.users", "UserScoreRequest.users[0].user_id",
            "AdjustStockRequest.prod_id", "AdjustStockRequest.prod_area", "AdjustStockRequest.delta", "AdjustStockRequest.adjustment_id");
        agreement.FieldsWithoutBothVerdicts.Should().BeEmpty("every rule must be tried with a value it accepts and one it rejects");
        agreement.Cases.Should().BeGreaterThan(100);
    }

    [Fact]
    public async Task ExportedRules_OfTheContracts_AreTheExpectedPgvOptions()
    {
        var descriptors = await CompileCheckedInSchemaAsync();
        var file = descriptors.File.Single(f => f.Name == ProdStockSchema.FileName);

        file.Dependency.Should().Contain(ValidationRuleWriter.Import);
        var orderNo = Rules(file, "OrderMain", "order_no")!.String;
        (orderNo.MinLen, orderNo.MaxLen, orderNo.Pattern).Should().Be((1UL, 64UL, "^[A-Za-z0-9_-]+$"));
        var money = Rules(file, "OrderMain", "order_money")!.Float;
        (money.HasGt, money.Gt, money.HasGte, money.HasLt, money.HasLte, money.Lte).Should().Be((true, 0f, false, false, true, float.MaxValue),
            "gt 0, and finite: the vendored validate.proto has no `finite`, so lte float.MaxValue stands for it (NaN fails every comparison)");
        Rules(file, "OrderMain", "user_id")!.Int32.Should().Be(new Validate.Int32Rules { Gt = 0 });
        Rules(file, "OrderRequest", "order_main")!.Message.Should().Be(new Validate.MessageRules { Required = true });
        Rules(file, "ProdRequest", "prod_id")!.Int32.Should().Be(new Validate.Int32Rules { Gt = 0 });
        Rules(file, "ProdRequest", "prod_area")!.Enum.Should().Be(new Validate.EnumRules { DefinedOnly = true });
        Rules(file, "QuerySize", "size")!.Int32.Should().Be(new Validate.Int32Rules { Gte = 1, Lte = 1000 });
        Rules(file, "QuerySize", "prod_area")!.Enum.Should().Be(new Validate.EnumRules { DefinedOnly = true });
        Rules(file, "UserScoreRequest", "users")!.Repeated.Should().Be(new Validate.RepeatedRules { MaxItems = 10_000 });
        Rules(file, "UserInfo", "user_id")!.Int32.Should().Be(new Validate.Int32Rules { Gt = 0 });
        Rules(file, "OrderMain", "order_id").Should().BeNull();
        Rules(file, "OrderMain", "order_time").Should().BeNull();
        Rules(file, "UserInfo", "user_score").Should().BeNull();
    }

    [Fact]
    public async Task ExportedRules_OfEdgeCaseContracts_GetTheSameVerdictAsTheCSharpValidator()
    {
        var text = ProtoSchemaExporter.Export([typeof(IEdgeService)], RuntimeTypeModel.Create());
        var schema = new SchemaIndex(await Protoc.CompileTextAsync("edge.proto", text));

        var agreement = Agreement.Check(schema, RequestTypes([typeof(IEdgeService)]));

        string.Join("\n", agreement.Mismatches).Should().BeEmpty();
        agreement.FieldsWithoutBothVerdicts.Should().BeEmpty();
        text.Should().Contain("int_open = 1 [(validate.rules).int32 = {gt: -2147483648, lt: 10}];")
            .And.Contain("uint_upper = 3 [(validate.rules).uint32 = {lte: 100}];")
            .And.Contain("float_inexact = 4 [(validate.rules).float = {gte: 0.1, lte: 0.9}];")
            .And.Contain("double_finite = 7 [(validate.rules).double = {gte: -1.7976931348623157e+308, lte: 1.7976931348623157e+308}];")
            .And.Contain("name = 9 [(validate.rules).string = {min_len: 1}];")
            .And.Contain("code = 10 [(validate.rules).string = {min_len: 2, max_len: 5, pattern: \"^(?:[a-zé]+)$\"}];")
            .And.Contain("five = 15 [(validate.rules).int32 = {const: 5}];")
            .And.Contain("int_half = 17 [(validate.rules).int32 = {gte: 1, lte: 2}];")
            .And.Contain("tags = 12 [packed = false, (validate.rules).repeated = {min_items: 1, max_items: 3}];")
            .And.Contain("int32 int_any = 18;")
            .And.Contain("kind = 14 [(validate.rules).enum = {defined_only: true}];");
    }

    public static TheoryData<Type, string> RulesWithoutExactPgvEquivalent => new()
    {
        { typeof(IUnicodeDigitService), @"\d" },
        { typeof(IEmptyRangeService), "admits no value" },
    };

    [Theory]
    [MemberData(nameof(RulesWithoutExactPgvEquivalent))]
    public void Export_RuleWithoutExactPgvEquivalent_IsRefused(Type contract, string reason)
    {
        var export = () => ProtoSchemaExporter.Export([contract], RuntimeTypeModel.Create());

        export.Should().Throw<NotSupportedException>().Which.Message.Should().Contain(reason);
    }

    [Fact]
    public void VendoredValidateProto_FloatAndDoubleRules_HaveNoFiniteRule()
    {
        // [Finite] is exported as gte -MAX / lte MAX because this validate.proto has no `finite`. When it is updated to a
        // version that has one, write `finite: true` in ValidationRuleWriter instead and update this test.
        Validate.FloatRules.Descriptor.FindFieldByName("finite").Should().BeNull();
        Validate.DoubleRules.Descriptor.FindFieldByName("finite").Should().BeNull();
    }

    private static async Task<FileDescriptorSet> CompileCheckedInSchemaAsync()
    {
        var result = await Protoc.CompileAsync(RepositoryPaths.Protos, ProdStockSchema.FileName);
        result.ExitCode.Should().Be(0, result.Diagnostics);
        return result.Descriptors!;
    }

    private static Validate.FieldRules? Rules(FileDescriptorProto file, string message, string field) =>
        file.MessageType.Single(m => m.Name == message).Field.Single(f => f.Name == field).Options?.GetExtension(Validate.ValidateExtensions.Rules);

    private static List<Type> RequestTypes(IEnumerable<Type> contracts) =>
        contracts.SelectMany(contract => ContractReader.Read(contract))
            .Select(operation => operation.RequestType)
            .Where(type => !type.IsEnum && RuntimeTypeModel.Default.CanSerializeContractType(type))
            .Where(type => type.FullName != "ProtoBuf.Grpc.Internal.Empty")
            .Distinct()
            .ToList();

    /// <summary>One step from a message to a field; with an index, into the item of a repeated field.</summary>
    private sealed record Step(PropertyInfo Property, int? Index);

    /// <summary>Runs every case and collects the verdicts of both sides.</summary>
    private sealed class Agreement(SchemaIndex schema)
    {
        private readonly Dictionary<string, (int Valid, int Invalid)> _verdicts = new(StringComparer.Ordinal);

        public List<string> Mismatches { get; } = [];

        public HashSet<string> FieldsWithRules { get; } = new(StringComparer.Ordinal);

        public IEnumerable<string> FieldsWithoutBothVerdicts =>
            FieldsWithRules.Where(name => !_verdicts.TryGetValue(name, out var v) || v.Valid == 0 || v.Invalid == 0)
                .Select(name => $"{name}: {_verdicts.GetValueOrDefault(name)}");

        public int Cases { get; private set; }

        public static Agreement Check(SchemaIndex schema, IEnumerable<Type> requestTypes)
        {
            var agreement = new Agreement(schema);
            foreach (var type in requestTypes)
            {
                agreement.CheckBaseline(type);
                agreement.Walk(type, type, schema.MessageFor(type), [], "");
            }

            return agreement;
        }

        private void CheckBaseline(Type requestType)
        {
            var baseline = schema.Baseline(requestType);
            var csharp = MessageValidator.Validate(baseline);
            if (!csharp.IsValid || !schema.IsValid(baseline))
            {
                Mismatches.Add($"{requestType.Name}: the baseline message must be valid on both sides (C#: {csharp.Message ?? "valid"}; exported: {schema.IsValid(baseline)})");
            }
        }

        private void Walk(Type requestType, Type type, DescriptorProto descriptor, Step[] prefix, string path)
        {
            foreach (var field in descriptor.Field)
            {
                var model = MessageModel.For(type).Find(field.Name)!;
                var property = model.Property;
                var fieldPath = path + field.Name;
                var key = $"{requestType.Name}.{fieldPath}";
                var rules = SchemaIndex.RulesOf(field);
                if (rules is not null)
                {
                    FieldsWithRules.Add(key);
                }

                Step[] steps = [.. prefix, new Step(property, null)];
                foreach (var value in schema.Candidates(property, field))
                {
                    Compare(requestType, steps, fieldPath, key, value);
                }

                if (model.Kind == FieldKind.Message)
                {
                    var nested = schema.Message(field.TypeName);
                    Walk(requestType, model.ValueType, nested, [.. prefix, new Step(property, model.IsRepeated ? 0 : null)], fieldPath + (model.IsRepeated ? "[0]." : "."));
                }
            }
        }

        private void Compare(Type requestType, Step[] steps, string fieldPath, string key, object? value)
        {
            var request = schema.Baseline(requestType);
            Set(request, steps, value);
            var csharp = MessageValidator.Validate(request);
            var exported = schema.IsValid(request);
            Cases++;
            var counts = _verdicts.GetValueOrDefault(key);
            _verdicts[key] = exported ? (counts.Valid + 1, counts.Invalid) : (counts.Valid, counts.Invalid + 1);

            if (csharp.IsValid != exported)
            {
                Mismatches.Add($"{key} = {Show(value)}: the C# validator says {(csharp.IsValid ? "valid" : $"invalid ({csharp.Message})")}, the exported rule says {(exported ? "valid" : "invalid")}");
            }
            else if (csharp.Violations.Any(v => v.Field != fieldPath))
            {
                Mismatches.Add($"{key} = {Show(value)}: the C# validator blames {string.Join(", ", csharp.Violations)}");
            }
        }

        private static void Set(object message, Step[] steps, object? value)
        {
            var target = message;
            foreach (var step in steps[..^1])
            {
                target = step.Property.GetValue(target)!;
                if (step.Index is { } index)
                {
                    target = ((IList)target)[index]!;
                }
            }

            steps[^1].Property.SetValue(target, value);
        }

        private static string Show(object? value) => value switch
        {
            null => "null",
            string text => $"\"{(text.Length > 12 ? text[..12] + "…" : text)}\" ({text.EnumerateRunes().Count()} runes)".ReplaceLineEndings("\\n"),
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            ICollection items => $"{items.Count} item(s)",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
        };
    }

    /// <summary>
    /// The compiled schema: its messages and enums by full name, a PGV-rule evaluator over the C# messages, valid
    /// baseline messages, and the boundary values to try for each field.
    /// </summary>
    private sealed class SchemaIndex
    {
        private static readonly string[] Fillers = ["a", "A", "0", "_", "-", "é", "😀"];
        private static readonly string[] Probes = ["abc\n", "ab c", "a/b", "Z9", "-_", "ü", "a\u0000", "ab", "b", "ba", "aé"];

        private readonly Dictionary<string, DescriptorProto> _messages = new(StringComparer.Ordinal);
        private readonly Dictionary<string, EnumDescriptorProto> _enums = new(StringComparer.Ordinal);

        public SchemaIndex(FileDescriptorSet descriptors)
        {
            foreach (var file in descriptors.File)
            {
                var prefix = string.IsNullOrEmpty(file.Package) ? "." : $".{file.Package}.";
                foreach (var message in file.MessageType)
                {
                    Add(prefix, message);
                }

                foreach (var enumType in file.EnumType)
                {
                    _enums[prefix + enumType.Name] = enumType;
                }
            }
        }

        private void Add(string prefix, DescriptorProto message)
        {
            _messages[prefix + message.Name] = message;
            foreach (var nested in message.NestedType)
            {
                Add($"{prefix}{message.Name}.", nested);
            }

            foreach (var enumType in message.EnumType)
            {
                _enums[$"{prefix}{message.Name}.{enumType.Name}"] = enumType;
            }
        }

        public DescriptorProto MessageFor(Type type) => Message($".{ProtoNames.Package}.{MessageModel.For(type).Name}");

        public DescriptorProto Message(string fullName) =>
            _messages.TryGetValue(fullName, out var message) ? message : throw new InvalidOperationException($"{fullName} is not in the schema.");

        // Labels and item types come from the contract model, as the validator and the writer take them.
        private static bool IsMessageType(Type type) => !type.IsEnum && RuntimeTypeModel.Default.CanSerializeContractType(type);

        private static Type ItemType(PropertyInfo property) => MessageModel.For(property.DeclaringType!).Fields.Single(f => f.Property == property).ValueType;

        public static PropertyInfo PropertyFor(Type type, string protoName) =>
            MessageModel.For(type).Find(protoName)?.Property ?? throw new InvalidOperationException($"{type} has no property for field {protoName}.");

        public static Validate.FieldRules? RulesOf(FieldDescriptorProto field) => field.Options?.GetExtension(Validate.ValidateExtensions.Rules);

        // ---- The PGV-rule evaluator: what a client that enforces the exported rules decides. ----

        public bool IsValid(object message) => MessageValid(message, MessageFor(message.GetType()));

        private bool MessageValid(object message, DescriptorProto descriptor) =>
            descriptor.Field.All(field => FieldValid(PropertyFor(message.GetType(), field.Name).GetValue(message), field));

        private bool FieldValid(object? value, FieldDescriptorProto field)
        {
            var rules = RulesOf(field);
            if (field.Label == FieldDescriptorProto.Types.Label.Repeated)
            {
                var items = (value as IEnumerable)?.Cast<object?>().ToList() ?? [];
                if (rules?.Repeated is { } repeated)
                {
                    var set = SetFields(repeated, "min_items", "max_items");
                    if (set.ContainsKey("min_items") && (ulong)items.Count < repeated.MinItems || set.ContainsKey("max_items") && (ulong)items.Count > repeated.MaxItems)
                    {
                        return false;
                    }
                }

                // PGV validates every message item with its own rules.
                return field.Type != FieldDescriptorProto.Types.Type.Message
                    || items.All(item => item is null || !IsMessageType(item.GetType()) || MessageValid(item, Message(field.TypeName)));
            }

            if (field.Type == FieldDescriptorProto.Types.Type.Message)
            {
                var required = rules is not null && ((rules.Message?.Required ?? false) || (rules.Timestamp?.Required ?? false) || (rules.Duration?.Required ?? false));
                if (value is null)
                {
                    return !required;
                }

                return !IsMessageType(value.GetType()) || MessageValid(value, Message(field.TypeName));
            }

            if (rules is null || rules.TypeCase == Validate.FieldRules.TypeOneofCase.None)
            {
                return true;
            }

            var typed = (IMessage)Validate.FieldRules.Descriptor.FindFieldByNumber((int)rules.TypeCase).Accessor.GetValue(rules);
            return typed switch
            {
                Validate.StringRules text => StringValid(value as string ?? "", text),
                Validate.EnumRules enumRules => EnumValid(Convert.ToInt32(value, CultureInfo.InvariantCulture), field.TypeName, enumRules),
                Validate.FloatRules => NumberValid(Convert.ToSingle(value, CultureInfo.InvariantCulture), typed, o => (float)o),
                Validate.DoubleRules => NumberValid(Convert.ToDouble(value, CultureInfo.InvariantCulture), typed, o => (double)o),
                _ => NumberValid(Convert.ToDecimal(value, CultureInfo.InvariantCulture), typed, o => Convert.ToDecimal(o, CultureInfo.InvariantCulture)),
            };
        }

        private static bool StringValid(string text, Validate.StringRules rules)
        {
            var set = SetFields(rules, "min_len", "max_len", "len", "pattern", "const");
            var runes = (ulong)text.EnumerateRunes().Count();
            if (set.ContainsKey("const") && text != rules.Const
                || set.ContainsKey("len") && runes != rules.Len
                || set.ContainsKey("min_len") && runes < rules.MinLen
                || set.ContainsKey("max_len") && runes > rules.MaxLen)
            {
                return false;
            }

            if (!set.ContainsKey("pattern"))
            {
                return true;
            }

            // PGV (RE2) searches the value for the pattern; for a pattern anchored at both ends that is a full match.
            rules.Pattern.Should().StartWith("^").And.EndWith("$", "PGV searches with the pattern; the C# validator matches the whole value");
            var match = Regex.Match(text, rules.Pattern, RegexOptions.CultureInvariant);
            return match.Success && match.Index == 0 && match.Length == text.Length;
        }

        private bool EnumValid(int number, string enumName, Validate.EnumRules rules)
        {
            var set = SetFields(rules, "defined_only", "const", "in", "not_in");
            return (!rules.DefinedOnly || _enums[enumName].Value.Any(v => v.Number == number))
                && (!set.ContainsKey("const") || number == rules.Const)
                && (rules.In.Count == 0 || rules.In.Contains(number))
                && !rules.NotIn.Contains(number);
        }

        /// <summary>
        /// A numeric rule as protoc-gen-validate defines it: const, in, not_in, and a lower and an upper bound; a lower bound
        /// at or above the upper one means "outside the range". Comparisons are IEEE ones: NaN satisfies no bound.
        /// </summary>
        private static bool NumberValid<T>(T value, IMessage rules, Func<object, T> convert)
            where T : INumber<T>
        {
            var set = SetFields(rules, "const", "lt", "lte", "gt", "gte", "in", "not_in");
            if (set.TryGetValue("const", out var constant) && value != convert(constant)
                || set.TryGetValue("in", out var allowed) && !((IList)allowed).Cast<object>().Any(o => convert(o) == value)
                || set.TryGetValue("not_in", out var refused) && ((IList)refused).Cast<object>().Any(o => convert(o) == value))
            {
                return false;
            }

            (bool Ok, T Bound)? lower = set.TryGetValue("gt", out var gt) ? (value > convert(gt), convert(gt))
                : set.TryGetValue("gte", out var gte) ? (value >= convert(gte), convert(gte)) : null;
            (bool Ok, T Bound)? upper = set.TryGetValue("lt", out var lt) ? (value < convert(lt), convert(lt))
                : set.TryGetValue("lte", out var lte) ? (value <= convert(lte), convert(lte)) : null;
            return (lower, upper) switch
            {
                ({ } l, { } u) => u.Bound > l.Bound ? l.Ok && u.Ok : l.Ok || u.Ok,
                ({ } l, null) => l.Ok,
                (null, { } u) => u.Ok,
                _ => true,
            };
        }

        /// <summary>The rule fields that are set, by proto name; a rule the evaluator does not know fails the test.</summary>
        private static Dictionary<string, object> SetFields(IMessage rules, params string[] known)
        {
            var set = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var field in rules.Descriptor.Fields.InFieldNumberOrder())
            {
                var value = field.Accessor.GetValue(rules);
                if (field.IsRepeated ? ((IList)value).Count > 0 : field.Accessor.HasValue(rules))
                {
                    set[field.Name] = value;
                }
            }

            set.Keys.Should().BeSubsetOf(known, $"the test's evaluator knows only these {rules.Descriptor.Name} rules");
            return set;
        }

        // ---- Valid baseline messages and the values to try. ----

        /// <summary>A message of <paramref name="type"/> whose every field is valid, nested messages and one item of each repeated message included.</summary>
        public object Baseline(Type type)
        {
            var message = Activator.CreateInstance(type)!;
            foreach (var field in MessageFor(type).Field)
            {
                var property = PropertyFor(type, field.Name);
                property.SetValue(message, ValidValue(property, field));
            }

            return message;
        }

        private object? ValidValue(PropertyInfo property, FieldDescriptorProto field)
        {
            if (field.Label == FieldDescriptorProto.Types.Label.Repeated)
            {
                var rules = RulesOf(field)?.Repeated;
                var count = rules is { MinItems: > 0 } ? (int)rules.MinItems : 1;
                return List(property, rules is { HasMaxItems: true } && (ulong)count > rules.MaxItems ? (int)rules.MaxItems : count);
            }

            var type = ItemType(property);
            if (IsMessageType(type))
            {
                return Baseline(type);
            }

            return Candidates(property, field).FirstOrDefault(value => FieldValid(value, field))
                ?? throw new InvalidOperationException($"No valid value among the candidates for {property.DeclaringType!.Name}.{property.Name}.");
        }

        private IList List(PropertyInfo property, int count)
        {
            var itemType = ItemType(property);
            var list = property.PropertyType.IsArray ? Array.CreateInstance(itemType, count) : (IList)Activator.CreateInstance(property.PropertyType)!;
            // A keyed uniqueness ([UniqueBy]) has no PGV form: the items get distinct keys, so that rule is not what is compared.
            var key = MessageModel.For(property.DeclaringType!).Fields.Single(f => f.Property == property).Rules.UniqueBy is [var first, ..]
                ? MessageModel.For(itemType).Find(first)
                : null;
            for (var i = 0; i < count; i++)
            {
                var item = IsMessageType(itemType) ? Baseline(itemType) : itemType == typeof(string) ? "a" : Activator.CreateInstance(itemType);
                if (key is not null)
                {
                    key.SetValue(item!, Convert.ChangeType(Convert.ToInt64(key.GetValue(item!), CultureInfo.InvariantCulture) + i, key.ValueType, CultureInfo.InvariantCulture));
                }

                if (list.IsFixedSize)
                {
                    list[i] = item;
                }
                else
                {
                    list.Add(item);
                }
            }

            return list;
        }

        /// <summary>
        /// The values to try for a field: just inside and just outside every bound of both sides (the exported rule and the C#
        /// attributes), the type's extremes, NaN and ±Infinity, empty, ASCII, non-ASCII and astral strings of every length
        /// at a bound, undefined enum numbers, null messages and item counts at each limit. Simple values come first.
        /// </summary>
        public IEnumerable<object?> Candidates(PropertyInfo property, FieldDescriptorProto field)
        {
            var rules = RulesOf(field);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (field.Label == FieldDescriptorProto.Types.Label.Repeated)
            {
                var counts = new List<long> { 1, 0, 2 };
                if (rules?.Repeated is { } repeated)
                {
                    counts.AddRange(Around(repeated.HasMinItems ? (long)repeated.MinItems : null));
                    counts.AddRange(Around(repeated.HasMaxItems ? (long)repeated.MaxItems : null));
                }

                counts.AddRange(Around(property.GetCustomAttribute<MinLengthAttribute>()?.Length));
                counts.AddRange(Around(property.GetCustomAttribute<MaxLengthAttribute>()?.Length));
                return counts.Where(n => n is >= 0 and <= 20_000).Distinct().Select(n => (object?)List(property, (int)n));
            }

            if (type == typeof(string))
            {
                return StringCandidates(property, rules?.String);
            }

            if (type.IsEnum)
            {
                var defined = Enum.GetValues(type).Cast<object>().Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToList();
                return defined.Concat([defined.Max() + 1, -1, int.MinValue, int.MaxValue]).Distinct().Select(n => Enum.ToObject(type, n));
            }

            if (IsMessageType(type))
            {
                return [Baseline(type), null];
            }

            if (type == typeof(DateTime))
            {
                return [new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), null];
            }

            if (type == typeof(bool))
            {
                return [false, true];
            }

            if (type == typeof(byte[]))
            {
                return [new byte[] { 1, 2, 3 }, Array.Empty<byte>(), null];
            }

            var bounds = new List<double>();
            if (property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                bounds.Add(Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture));
                bounds.Add(Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
            }

            if (rules is not null && rules.TypeCase != Validate.FieldRules.TypeOneofCase.None)
            {
                var typed = (IMessage)Validate.FieldRules.Descriptor.FindFieldByNumber((int)rules.TypeCase).Accessor.GetValue(rules);
                foreach (var name in (string[])["const", "gt", "gte", "lt", "lte"])
                {
                    if (typed.Descriptor.FindFieldByName(name) is { } boundField && boundField.Accessor.HasValue(typed))
                    {
                        bounds.Add(Convert.ToDouble(boundField.Accessor.GetValue(typed), CultureInfo.InvariantCulture));
                    }
                }
            }

            return NumberCandidates(type, bounds);
        }

        private static IEnumerable<object?> NumberCandidates(Type type, List<double> bounds)
        {
            if (type == typeof(float))
            {
                var values = new List<float> { 1, 0, -0f, -1, float.Epsilon, -float.Epsilon, float.MaxValue, -float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN };
                values.AddRange(bounds.SelectMany(b => new[] { MathF.BitDecrement((float)b), (float)b, MathF.BitIncrement((float)b) }));
                return values.DistinctBy(BitConverter.SingleToInt32Bits).Select(v => (object?)v);
            }

            if (type == typeof(double))
            {
                var values = new List<double> { 1, 0, -0d, -1, double.Epsilon, -double.Epsilon, double.MaxValue, -double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN };
                values.AddRange(bounds.SelectMany(b => new[] { Math.BitDecrement(b), b, Math.BitIncrement(b) }));
                return values.DistinctBy(BitConverter.DoubleToInt64Bits).Select(v => (object?)v);
            }

            var (min, max) = type switch
            {
                _ when type == typeof(int) => ((decimal)int.MinValue, (decimal)int.MaxValue),
                _ when type == typeof(long) => (long.MinValue, long.MaxValue),
                _ when type == typeof(uint) => (uint.MinValue, uint.MaxValue),
                _ when type == typeof(ulong) => (ulong.MinValue, (decimal)ulong.MaxValue),
                _ => throw new NotSupportedException($"The test has no candidate values for {type}."),
            };
            var integers = new List<decimal> { 1, 0, -1, min, max, min + 1, max - 1 };
            foreach (var bound in bounds.Where(double.IsFinite).Select(b => (decimal)b))
            {
                integers.AddRange([decimal.Floor(bound) - 1, decimal.Floor(bound), decimal.Ceiling(bound), decimal.Ceiling(bound) + 1]);
            }

            return integers.Where(n => n >= min && n <= max).Distinct().Select(n => Convert.ChangeType(n, type, CultureInfo.InvariantCulture));
        }

        private static IEnumerable<object?> StringCandidates(PropertyInfo property, Validate.StringRules? rules)
        {
            var lengths = new List<long> { 1, 0, 2, 3, 64, 65 };
            lengths.AddRange(Around(rules is { HasMinLen: true } ? (long)rules.MinLen : null));
            lengths.AddRange(Around(rules is { HasMaxLen: true } ? (long)rules.MaxLen : null));
            lengths.AddRange(Around(property.GetCustomAttribute<StringLengthAttribute>()?.MinimumLength));
            lengths.AddRange(Around(property.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength));
            lengths.AddRange(Around(property.GetCustomAttribute<MinLengthAttribute>()?.Length));
            lengths.AddRange(Around(property.GetCustomAttribute<MaxLengthAttribute>()?.Length));
            var sizes = lengths.Where(n => n is >= 0 and <= 1_000).Distinct().ToList();
            var fillers = Fillers.SelectMany(filler => sizes.Select(n => string.Concat(Enumerable.Repeat(filler, (int)n))));
            return fillers.Concat(Probes).Distinct(StringComparer.Ordinal).Select(text => (object?)text);
        }

        private static IEnumerable<long> Around(long? limit) => limit is { } n ? [n - 1, n, n + 1] : [];
    }

    // ---- Contracts with edge cases for the writer: bounds at type limits, inexact float bounds, unanchored patterns, … ----

    [ServiceContract(Name = "services.EdgeService")]
    public interface IEdgeService
    {
        [OperationContract(Name = "Check")]
        ValueTask<EdgeReply> CheckAsync(EdgeRequest request, CallContext context = default);
    }

    [ProtoContract(Name = "EdgeRequest")]
    public sealed class EdgeRequest
    {
        [Range(int.MinValue, 10, MinimumIsExclusive = true, MaximumIsExclusive = true)]
        [ProtoMember(1, Name = "int_open")]
        public int IntOpen { get; set; }

        [Range(-5, 5)]
        [ProtoMember(2, Name = "long_closed")]
        public long LongClosed { get; set; }

        [Range(-1, 100, MinimumIsExclusive = true)]
        [ProtoMember(3, Name = "uint_upper")]
        public uint UIntUpper { get; set; }

        [Range(0.1, 0.9)]
        [ProtoMember(4, Name = "float_inexact")]
        public float FloatInexact { get; set; }

        [Range(0.1, 0.9, MinimumIsExclusive = true, MaximumIsExclusive = true)]
        [ProtoMember(5, Name = "float_inexact_open")]
        public float FloatInexactOpen { get; set; }

        [Range(0d, float.MaxValue)]
        [ProtoMember(6, Name = "float_non_negative")]
        public float FloatNonNegative { get; set; }

        [Finite]
        [ProtoMember(7, Name = "double_finite")]
        public double DoubleFinite { get; set; }

        [Finite]
        [Range(0d, 1d, MaximumIsExclusive = true)]
        [ProtoMember(8, Name = "double_unit")]
        public double DoubleUnit { get; set; }

        [Required]
        [ProtoMember(9, Name = "name")]
        public string Name { get; set; } = "";

        [MinLength(2)]
        [MaxLength(5)]
        [RegularExpression("[a-zé]+")]
        [ProtoMember(10, Name = "code")]
        public string Code { get; set; } = "";

        [RegularExpression("^a|b$")]
        [ProtoMember(11, Name = "either")]
        public string Either { get; set; } = "";

        [MinLength(1)]
        [MaxLength(3)]
        [ProtoMember(12, Name = "tags")]
        public List<int> Tags { get; set; } = [];

        [Required]
        [ProtoMember(13, Name = "inner")]
        public EdgeInner? Inner { get; set; }

        [ProtoMember(14, Name = "kind")]
        public EdgeKind Kind { get; set; }

        [Range(5, 5)]
        [ProtoMember(15, Name = "five")]
        public int Five { get; set; }

        [StringLength(3, MinimumLength = 3)]
        [ProtoMember(16, Name = "code3")]
        public string Code3 { get; set; } = "";

        [Range(0.5, 2.5)]
        [ProtoMember(17, Name = "int_half")]
        public int IntHalf { get; set; }

        [Range(int.MinValue, int.MaxValue)]
        [ProtoMember(18, Name = "int_any")]
        public int IntAny { get; set; }

        [ProtoMember(19, Name = "inners")]
        public List<EdgeInner> Inners { get; set; } = [];
    }

    [ProtoContract(Name = "EdgeInner")]
    public sealed class EdgeInner
    {
        [Range(1, 3)]
        [ProtoMember(1, Name = "level")]
        public int Level { get; set; }
    }

    [ProtoContract(Name = "EdgeKind")]
    public enum EdgeKind
    {
        [ProtoEnum(Name = "EDGE_KIND_NONE")]
        None = 0,

        [ProtoEnum(Name = "EDGE_KIND_LOW")]
        Low = 1,

        [ProtoEnum(Name = "EDGE_KIND_HIGH")]
        High = 5,
    }

    [ProtoContract(Name = "EdgeReply")]
    public sealed class EdgeReply
    {
        [ProtoMember(1, Name = "ok")]
        public bool Ok { get; set; }
    }

    [ServiceContract(Name = "services.UnicodeDigitService")]
    public interface IUnicodeDigitService
    {
        [OperationContract(Name = "Check")]
        ValueTask<EdgeReply> CheckAsync(UnicodeDigitRequest request, CallContext context = default);
    }

    [ProtoContract(Name = "UnicodeDigitRequest")]
    public sealed class UnicodeDigitRequest
    {
        // .NET's \d also matches Arabic-Indic and other digits; RE2's only 0-9.
        [RegularExpression(@"^\d+$")]
        [ProtoMember(1, Name = "digits")]
        public string Digits { get; set; } = "";
    }

    [ServiceContract(Name = "services.EmptyRangeService")]
    public interface IEmptyRangeService
    {
        [OperationContract(Name = "Check")]
        ValueTask<EdgeReply> CheckAsync(EmptyRangeRequest request, CallContext context = default);
    }

    [ProtoContract(Name = "EmptyRangeRequest")]
    public sealed class EmptyRangeRequest
    {
        // No value is both >= 5 and <= 3; PGV would read {gte: 5, lte: 3} as "outside the range (3, 5)" instead.
        [Range(5, 3)]
        [ProtoMember(1, Name = "nothing")]
        public int Nothing { get; set; }
    }
}
