using System.Globalization;
using System.Text;
using CsCheck;
using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using CodeFirst.Validation;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>
/// Property-based (CsCheck): random orders and user-score requests, valid and invalid, checked against a model of the
/// rules written from the README, against <see cref="MessageValidator"/>, and against the real host with the SDK's
/// validation off. Valid ⇔ accepted, invalid ⇔ <c>INVALID_ARGUMENT</c> with the validator's field violations, and
/// nothing invalid stored.
/// </summary>
/// <remarks>
/// The samples come from a fixed seed, so every run checks the same inputs. A failing sample is reported with its own
/// CsCheck seed, and CsCheck then shrinks from that seed and reports the simplest failing case with its seed.
/// </remarks>
[Collection(FaultCollection.Name)]
public sealed class ValidationPropertyTests(FaultHostFixture fixture)
{
    private const ulong FixedSeed = 0x5EED_2026_0125;
    private const int HostSamples = 200;
    private const int ValidatorSamples = 5_000;
    private const string OrderNoAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private static readonly Gen<char> ValidChar = Gen.Char[OrderNoAlphabet];

    /// <summary>Characters just outside the pattern: ASCII punctuation and controls, look-alike letters and digits, a lone surrogate.</summary>
    private static readonly Gen<char> InvalidChar = Gen.Char[" .\n\r\t/+:@#%*\0\u007f\u00e9\u00fc\u00df\u0130\u0131\u212a\u017f\uff21\uff11\u0660\u00a0\u200b\ud83d"];

    private static readonly Gen<int> OrderNoLength = Gen.Frequency(
        (4, Gen.Int[0, 70]),
        (1, Gen.OneOf(0, 1, 2, 63, 64, 65, 70)));

    /// <summary>Order numbers of 0..70 characters: all from the allowed alphabet, or a mix with characters outside it.</summary>
    private static readonly Gen<string> OrderNo = Gen.Frequency(
        (3, OrderNoLength.SelectMany(length => ValidChar.Array[length]).Select(chars => new string(chars))),
        (2, OrderNoLength.SelectMany(length => Gen.Frequency((6, ValidChar), (1, InvalidChar)).Array[length]).Select(chars => new string(chars))));

    /// <summary>Ids over the whole int range, biased to small, zero and negative values.</summary>
    private static readonly Gen<int> Id = Gen.Frequency(
        (4, Gen.Int[-3, 3]),
        (3, Gen.Int[1, 2_000]),
        (1, Gen.Int),
        (1, Gen.OneOf(int.MinValue, int.MinValue + 1, -1, 0, 1, int.MaxValue)));

    /// <summary>Amounts: ordinary, NaN, ±Infinity, ±0, negatives, subnormals (of either sign), the float extremes.</summary>
    private static readonly Gen<float> Money = Gen.Frequency(
        (5, Gen.Float[0.01f, 100_000f]),
        (2, Gen.OneOf(float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1.17549435e-38f)),
        (2, Gen.Float[-100_000f, 0f]),
        (1, Gen.Int[1, 0x007F_FFFF].Select(bits => BitConverter.Int32BitsToSingle(bits))),
        (1, Gen.Int[1, 0x007F_FFFF].Select(bits => -BitConverter.Int32BitsToSingle(bits))),
        (1, Gen.Float));

    private static readonly Gen<DateTime?> OrderTime = Gen.Frequency(
        (2, Gen.Const(() => (DateTime?)null)),
        (3, Gen.DateTime[new DateTime(2000, 1, 1), new DateTime(2100, 1, 1)].Select(t => (DateTime?)DateTime.SpecifyKind(t, DateTimeKind.Utc))),
        (1, Gen.DateTime.Select(t => (DateTime?)DateTime.SpecifyKind(t, DateTimeKind.Utc))));

    private static readonly Gen<OrderMain> Orders = Gen.Select(OrderNo, Id, Money, OrderTime,
        (orderNo, userId, money, time) => new OrderMain { OrderNo = orderNo, UserId = userId, OrderMoney = money, OrderTime = time });

    private static readonly Gen<UserScoreRequest> UserRequests = Gen.Frequency((3, Gen.Int[-2, 4]), (1, Id)).Array[0, 12]
        .Select(ids => new UserScoreRequest { Users = ids.Select(id => new UserInfo { UserId = id }).ToList() });

    [Fact]
    public async Task MessageValidator_RandomOrdersAndUserRequests_AgreesWithTheRules()
    {
        await CheckAsync(Orders, order => { ValidatorShouldAgree(order); return Task.CompletedTask; }, Describe, ValidatorSamples);
        await CheckAsync(UserRequests, request => { ValidatorShouldAgree(request); return Task.CompletedTask; }, Describe, ValidatorSamples);
    }

    [Fact]
    public async Task NewOrder_RandomOrders_AcceptedExactlyWhenValidAndNothingInvalidStored()
    {
        using var client = fixture.CreateUncheckedClient();
        var usedOrderNumbers = new HashSet<string>(StringComparer.Ordinal);
        var stamp = 0;
        var ordersBefore = await fixture.CountOrdersAsync();
        var accepted = 0;

        await CheckAsync(Orders, async order =>
        {
            // A valid order number must be new to the store (the same number is the idempotency key), so the last
            // characters of an all-valid number are replaced by a counter in the same alphabet: its validity is unchanged.
            order.OrderNo = Stamp(order.OrderNo, ++stamp);
            var expected = ValidatorShouldAgree(order);
            if (expected.Count == 0 && !usedOrderNumbers.Add(order.OrderNo))
            {
                return; // a short number the counter could not make unique: checked by the validator only
            }

            var before = await fixture.CountOrdersAsync();
            var outcome = await SendAsync(() => client.Orders.NewOrderAsync(new OrderRequest { OrderMain = order }).AsTask());
            if (expected.Count == 0)
            {
                outcome.Error.Should().BeNull("a valid order is accepted");
                outcome.Response!.Status.Should().Be("OK");
                (await fixture.CountOrdersAsync()).Should().Be(before + 1, "the accepted order is stored once");
                accepted++;
            }
            else
            {
                ShouldBeRefusedWith(outcome.Error, expected);
                (await fixture.CountOrdersAsync()).Should().Be(before, "an invalid order stores nothing");
            }
        }, Describe, HostSamples);

        (await fixture.CountOrdersAsync()).Should().Be(ordersBefore + accepted);
        accepted.Should().BeInRange(HostSamples / 10, HostSamples * 9 / 10, "the samples mix valid and invalid orders");
    }

    [Fact]
    public async Task GetUserScore_RandomRequests_AnsweredExactlyWhenValid()
    {
        using var client = fixture.CreateUncheckedClient();
        var answered = 0;

        await CheckAsync(UserRequests, async request =>
        {
            var expected = ValidatorShouldAgree(request);
            var outcome = await SendAsync(() => client.Users.GetUserScoreAsync(request).AsTask());
            if (expected.Count == 0)
            {
                outcome.Error.Should().BeNull("a valid request is answered");
                outcome.Response!.Users.Select(u => (u.UserId, u.UserScore))
                    .Should().Equal(request.Users.Select(u => (u.UserId, DemoDataSet.Score(u.UserId))));
                answered++;
            }
            else
            {
                ShouldBeRefusedWith(outcome.Error, expected);
            }
        }, Describe, HostSamples);

        answered.Should().BeInRange(HostSamples / 10, HostSamples * 9 / 10, "the samples mix valid and invalid requests");
    }

    /// <summary>
    /// Runs <paramref name="property"/> on <paramref name="samples"/> samples drawn from <see cref="FixedSeed"/>. On the
    /// first failure CsCheck replays the failing sample's seed and shrinks from it; the report names both seeds.
    /// </summary>
    private static async Task CheckAsync<T>(Gen<T> gen, Func<T, Task> property, Func<T, string> describe, int samples)
    {
        var pcg = new PCG(1, FixedSeed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < samples; i++)
        {
            var seed = pcg.ToString();
            var sample = gen.Generate(pcg, null, out _);
            try
            {
                await property(sample).DefaultTimeout();
            }
            catch (Exception failure)
            {
                var report = $"sample {i} of fixed seed {FixedSeed:X} failed; replay it with seed: \"{seed}\"\n{describe(sample)}\n{failure.Message}";
                try
                {
                    await gen.SampleAsync(property, seed: seed, iter: 200, time: 5, threads: 1, print: describe).DefaultTimeout();
                }
                catch (Exception shrunk)
                {
                    throw new Xunit.Sdk.XunitException($"{report}\nCsCheck shrank it to:\n{shrunk.Message}", failure);
                }

                throw new Xunit.Sdk.XunitException(report, failure);
            }
        }

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "the property test stays bounded");
    }

    /// <summary>The rules of the README, written independently of the validator: field path and description of each break.</summary>
    private static List<FieldViolation> ExpectedViolations(OrderMain order)
    {
        var violations = new List<FieldViolation>();
        var runes = order.OrderNo.EnumerateRunes().Count();
        if (runes is < 1 or > 64)
        {
            violations.Add(new("order_main.order_no", FaultTable.OrderNoLength));
        }
        else if (!order.OrderNo.All(OrderNoAlphabet.Contains))
        {
            violations.Add(new("order_main.order_no", FaultTable.OrderNoPattern));
        }

        if (order.UserId <= 0)
        {
            violations.Add(new("order_main.user_id", FaultTable.GreaterThanZero));
        }

        if (!float.IsFinite(order.OrderMoney))
        {
            violations.Add(new("order_main.order_money", FaultTable.Finite));
        }
        else if (!(order.OrderMoney > 0))
        {
            violations.Add(new("order_main.order_money", FaultTable.GreaterThanZero));
        }

        return violations;
    }

    private static List<FieldViolation> ExpectedViolations(UserScoreRequest request) =>
        request.Users.Select((user, index) => (user, index))
            .Where(u => u.user.UserId <= 0)
            .Select(u => new FieldViolation($"users[{u.index}].user_id", FaultTable.GreaterThanZero))
            .ToList();

    private static List<FieldViolation> ValidatorShouldAgree(OrderMain order)
    {
        var expected = ExpectedViolations(order);
        MessageValidator.Validate(new OrderRequest { OrderMain = order }).Violations.Should().Equal(expected, Describe(order));
        return expected;
    }

    private static List<FieldViolation> ValidatorShouldAgree(UserScoreRequest request)
    {
        var expected = ExpectedViolations(request);
        MessageValidator.Validate(request).Violations.Should().Equal(expected, Describe(request));
        return expected;
    }

    private static void ShouldBeRefusedWith(RpcException? error, IReadOnlyList<FieldViolation> expected)
    {
        error.Should().NotBeNull("an invalid request is refused");
        error!.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.GetFieldViolations().Should().Equal(expected);
    }

    private static async Task<(T? Response, RpcException? Error)> SendAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return (await call().DefaultTimeout(), null);
        }
        catch (RpcException ex)
        {
            return (null, ex);
        }
    }

    /// <summary>Replaces the last characters of an all-valid order number by <paramref name="counter"/> in the same alphabet.</summary>
    private static string Stamp(string orderNo, int counter)
    {
        if (orderNo.Length == 0 || !orderNo.All(OrderNoAlphabet.Contains))
        {
            return orderNo;
        }

        var chars = orderNo.ToCharArray();
        for (var i = chars.Length - 1; i >= Math.Max(0, chars.Length - 4); i--)
        {
            chars[i] = OrderNoAlphabet[counter % OrderNoAlphabet.Length];
            counter /= OrderNoAlphabet.Length;
        }

        return new string(chars);
    }

    private static string Describe(OrderMain order) =>
        string.Create(CultureInfo.InvariantCulture,
            $"OrderMain {{ order_no = \"{Escape(order.OrderNo)}\" ({order.OrderNo.Length} chars), user_id = {order.UserId}, order_money = {order.OrderMoney:R} (bits {BitConverter.SingleToInt32Bits(order.OrderMoney):X8}), order_time = {order.OrderTime?.ToString("O", CultureInfo.InvariantCulture) ?? "null"} }}");

    private static string Describe(UserScoreRequest request) =>
        $"UserScoreRequest {{ users = [{string.Join(", ", request.Users.Select(u => u.UserId.ToString(CultureInfo.InvariantCulture)))}] }}";

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return builder.ToString();
    }
}
