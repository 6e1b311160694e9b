using System.Threading.Tasks.Sources;
using Grpc.Core;
using CodeFirst.Validation;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// A call's request stream as the service reads it: each message is validated as it arrives, and an invalid one ends
/// the call with <c>INVALID_ARGUMENT</c> before the service sees it. Written out rather than as an async iterator: a
/// message already received is handed over synchronously, and one still on its way completes the service's await
/// directly from the transport's read, without an iterator state machine and execution-context switch per message.
/// </summary>
internal sealed class ValidatedRequestStream<TRequest> : IAsyncEnumerable<TRequest>, IAsyncEnumerator<TRequest>, IValueTaskSource<bool>
    where TRequest : class
{
    private readonly IAsyncStreamReader<TRequest> _requests;
    private readonly CancellationToken _callToken;
    private readonly MessageValidator<TRequest> _validator;
    private readonly Action _onReceived;
    private ManualResetValueTaskSourceCore<bool> _next;
    private CancellationToken _token;
    private CancellationTokenSource? _linked;
    private Task<bool>? _receiving;
    private int _enumerated;

    /// <param name="requests">The call's request stream.</param>
    /// <param name="cancellationToken">The call's cancellation.</param>
    /// <param name="validator">The request type's validator (a method handler keeps one for all its calls); a new one when not given.</param>
    public ValidatedRequestStream(IAsyncStreamReader<TRequest> requests, CancellationToken cancellationToken, MessageValidator<TRequest>? validator = null)
    {
        _requests = requests;
        _callToken = cancellationToken;
        _validator = validator ?? MessageValidator.For<TRequest>();
        _token = cancellationToken;
        _onReceived = OnReceived;
    }

    public TRequest Current { get; private set; } = default!;

    /// <summary>
    /// The first enumeration reads through this object; a later one gets its own (reading on from where the stream
    /// is). A token given here, other than the call's, cancels reads too.
    /// </summary>
    public IAsyncEnumerator<TRequest> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var enumerator = Interlocked.Exchange(ref _enumerated, 1) == 0 ? this : new ValidatedRequestStream<TRequest>(_requests, _callToken, _validator);
        enumerator.CancelAlsoWith(cancellationToken);
        return enumerator;
    }

    public ValueTask<bool> MoveNextAsync()
    {
        Task<bool> receiving;
        try
        {
            receiving = _requests.MoveNext(_token);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<bool>(ex);
        }

        if (receiving.IsCompleted)
        {
            try
            {
                return new ValueTask<bool>(Accept(receiving.GetAwaiter().GetResult()));
            }
            catch (Exception ex)
            {
                return ValueTask.FromException<bool>(ex);
            }
        }

        _next.Reset();
        _receiving = receiving;
        receiving.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReceived);
        return new ValueTask<bool>(this, _next.Version);
    }

    public ValueTask DisposeAsync()
    {
        _linked?.Dispose();
        _linked = null;
        return ValueTask.CompletedTask;
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _next.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _next.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _next.OnCompleted(continuation, state, token, flags);

    private void CancelAlsoWith(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == _callToken)
        {
            return;
        }

        if (_callToken.CanBeCanceled)
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(_callToken, cancellationToken);
            _token = _linked.Token;
        }
        else
        {
            _token = cancellationToken;
        }
    }

    private void OnReceived()
    {
        var receiving = _receiving!;
        _receiving = null;
        bool received;
        try
        {
            received = Accept(receiving.GetAwaiter().GetResult());
        }
        catch (Exception ex)
        {
            _next.SetException(ex);
            return;
        }

        _next.SetResult(received);
    }

    private bool Accept(bool received)
    {
        if (!received)
        {
            Current = default!;
            return false;
        }

        var request = _requests.Current;
        _validator.ThrowIfInvalid(request);
        Current = request;
        return true;
    }
}
