using Grpc.AspNetCore.Server.Model;
using CodeFirst.AspNetCore.Errors;
using ProtoBuf.Grpc.Configuration;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Serves the methods of the <c>[ServiceContract]</c> interfaces a mapped service implements, in place of
/// protobuf-net.Grpc's own provider (which <c>AddValidatedCodeFirstGrpc</c> takes out): protobuf-net.Grpc still reads
/// the contracts (names, call kinds, marshallers from the <see cref="BinderConfiguration"/>), and
/// <see cref="ContractMethodBinder"/> gives Grpc.AspNetCore a handler per method. A method protobuf-net.Grpc cannot bind
/// stops the host at start with the reason.
/// </summary>
internal sealed partial class ContractServiceMethodProvider<TService>(
    BinderConfiguration binderConfiguration,
    CallFailureTranslator translator,
    ValidationInterceptor validation,
    FailureTranslationInterceptor translation,
    ILogger<ContractServiceMethodProvider<TService>> logger)
    : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var binder = new ContractMethodBinder(translator, validation, translation);
        var count = binder.Bind<TService>(context, binderConfiguration);
        if (binder.Errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"{typeof(TService)} cannot be served: {string.Join(" ", binder.Errors)}");
        }

        if (count > 0)
        {
            LogBound(typeof(TService).Name, count);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service}: {Count} gRPC method(s) bound from its service contracts")]
    private partial void LogBound(string service, int count);
}
