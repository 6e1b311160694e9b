using System.Collections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http.Features;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// The feature collection of an <see cref="InProcessStream"/>, reused from call to call as Kestrel reuses a stream's:
/// the transport's own features are fixed; whatever the application adds or removes during a call (its request
/// services, for one) is dropped by <see cref="ResetCallFeatures"/> before the next. The hosting layer keeps its context
/// here between calls (<see cref="IHostContextContainer{TContext}"/>), as it does on Kestrel's streams. A feature the
/// stream does not have is the connection's, when it has it (<see cref="IConnectionItemsFeature"/>): Kestrel's streams
/// fall back to their connection's features the same way, after their own.
/// </summary>
internal sealed class StreamFeatures<TContext>(IConnectionItemsFeature? connection = null)
    : IFeatureCollection, IHostContextContainer<TContext>
    where TContext : notnull
{
    // Looked up on every call, several times: a few entries each, so a scan by reference beats hashing the type.
    private readonly List<KeyValuePair<Type, object>> _transport = [];
    private readonly List<KeyValuePair<Type, object?>> _call = [];
    private int _revision;

    public TContext? HostContext { get; set; }

    public bool IsReadOnly => false;

    public int Revision => _revision;

    public object? this[Type key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            return Find(key);
        }

        set
        {
            ArgumentNullException.ThrowIfNull(key);
            var index = IndexOf(_call, key);
            if (index >= 0)
            {
                _call[index] = new KeyValuePair<Type, object?>(key, value);
            }
            else
            {
                _call.Add(new KeyValuePair<Type, object?>(key, value));
            }

            _revision++;
        }
    }

    /// <summary>Sets one of the transport's features, kept for every call.</summary>
    public void SetTransportFeature<TFeature>(TFeature feature)
        where TFeature : notnull
    {
        var index = IndexOf(_transport, typeof(TFeature));
        if (index >= 0)
        {
            _transport[index] = new KeyValuePair<Type, object>(typeof(TFeature), feature);
        }
        else
        {
            _transport.Add(new KeyValuePair<Type, object>(typeof(TFeature), feature));
        }

        _revision++;
    }

    /// <summary>Drops what the last call's application set, back to the transport's features.</summary>
    public void ResetCallFeatures()
    {
        if (_call.Count > 0)
        {
            _call.Clear();
            _revision++;
        }
    }

    public TFeature? Get<TFeature>() => Find(typeof(TFeature)) is TFeature feature ? feature : default;

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        foreach (var (type, feature) in _call)
        {
            if (feature is not null)
            {
                yield return new KeyValuePair<Type, object>(type, feature);
            }
        }

        foreach (var pair in _transport)
        {
            if (IndexOf(_call, pair.Key) < 0)
            {
                yield return pair;
            }
        }

        if (connection is not null && IndexOf(_call, typeof(IConnectionItemsFeature)) < 0 && IndexOf(_transport, typeof(IConnectionItemsFeature)) < 0)
        {
            yield return new KeyValuePair<Type, object>(typeof(IConnectionItemsFeature), connection);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private object? Find(Type key)
    {
        var index = IndexOf(_call, key);
        if (index >= 0)
        {
            return _call[index].Value;
        }

        index = IndexOf(_transport, key);
        if (index >= 0)
        {
            return _transport[index].Value;
        }

        return ReferenceEquals(key, typeof(IConnectionItemsFeature)) ? connection : null;
    }

    private static int IndexOf<TValue>(List<KeyValuePair<Type, TValue>> features, Type key)
    {
        for (var i = 0; i < features.Count; i++)
        {
            if (ReferenceEquals(features[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }
}
