using ProdStock.Contracts;

namespace ProdStock.Services.Errors;

/// <summary>Argument checks shared by the services; each throws <see cref="ServiceErrors.InvalidArgument"/>.</summary>
internal static class Guard
{
    public static T NotNull<T>(T? request, string message) where T : class =>
        request ?? throw ServiceErrors.MissingMessage(message);

    public static void Positive(int value, string message, string field)
    {
        if (value <= 0)
        {
            throw ServiceErrors.InvalidArgument(message, field, "value must be greater than 0");
        }
    }

    public static void InRange(int value, int min, int max, string message, string field)
    {
        if (value < min || value > max)
        {
            throw ServiceErrors.InvalidArgument(message, field, $"value must be inside range [{min}, {max}]");
        }
    }

    public static void DefinedArea(ProdAreas area, string message, string field)
    {
        if (!Enum.IsDefined(area))
        {
            throw ServiceErrors.InvalidArgument(message, field, $"value must be one of the defined enum values (got {(int)area})");
        }
    }
}
