using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using ProdStock.Bench.Pipeline;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class StreamFeaturesTests
{
    [Fact]
    public void ResetCallFeatures_FeatureSetDuringACall_GoneTransportFeaturesKept()
    {
        var features = new StreamFeatures<object>();
        var request = new HttpRequestFeature();
        features.SetTransportFeature<IHttpRequestFeature>(request);
        features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature());
        var revision = features.Revision;

        features.ResetCallFeatures();

        features.Get<IServiceProvidersFeature>().Should().BeNull();
        features.Get<IHttpRequestFeature>().Should().BeSameAs(request);
        features.Revision.Should().BeGreaterThan(revision, "cached features of the last call must not be reused");
    }

    [Fact]
    public void Set_NullOverTransportFeature_HidesItUntilReset()
    {
        var features = new StreamFeatures<object>();
        features.SetTransportFeature<IHttpRequestFeature>(new HttpRequestFeature());

        features.Set<IHttpRequestFeature>(null);

        features.Get<IHttpRequestFeature>().Should().BeNull();
        features.Should().BeEmpty();
        features.ResetCallFeatures();
        features.Get<IHttpRequestFeature>().Should().NotBeNull();
    }

    [Fact]
    public void Set_CallFeatureTwice_LastOneWinsAndListedOnce()
    {
        var features = new StreamFeatures<object>();
        var second = new ServiceProvidersFeature();

        features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature());
        features.Set<IServiceProvidersFeature>(second);

        features.Get<IServiceProvidersFeature>().Should().BeSameAs(second);
        features.Should().ContainSingle();
    }

    [Fact]
    public void Indexer_FeatureOnlyTheConnectionHas_FallsBackToTheConnection()
    {
        var connection = new InProcessConnection(new Dictionary<object, object?> { ["tag"] = 1 });
        var features = new StreamFeatures<object>(connection);
        features.SetTransportFeature<IHttpRequestFeature>(new HttpRequestFeature());

        features[typeof(IConnectionItemsFeature)].Should().BeSameAs(connection);
        features.Get<IConnectionItemsFeature>()!.Items["tag"].Should().Be(1);
        features.Select(pair => pair.Key).Should().BeEquivalentTo([typeof(IHttpRequestFeature), typeof(IConnectionItemsFeature)]);
    }

    [Fact]
    public void Set_ConnectionFeatureDuringACall_CallsOwnWinsUntilReset()
    {
        var connection = new InProcessConnection(new Dictionary<object, object?>());
        var features = new StreamFeatures<object>(connection);
        var own = new InProcessConnection(new Dictionary<object, object?>());

        features.Set<IConnectionItemsFeature>(own);

        features.Get<IConnectionItemsFeature>().Should().BeSameAs(own);
        features.Should().ContainSingle();
        features.ResetCallFeatures();
        features.Get<IConnectionItemsFeature>().Should().BeSameAs(connection);
    }

    [Fact]
    public void Indexer_NoConnection_ConnectionFeatureIsNull()
    {
        var features = new StreamFeatures<object>();

        features[typeof(IConnectionItemsFeature)].Should().BeNull();
    }
}
