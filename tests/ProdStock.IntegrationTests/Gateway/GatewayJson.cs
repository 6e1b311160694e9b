using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>Small helpers to send and read JSON in the gateway tests.</summary>
internal static class GatewayJson
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Ndjson(params string[] lines) =>
        new(string.Join('\n', lines) + "\n", Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson"));

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<List<JsonElement>> ReadNdjsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }
}
