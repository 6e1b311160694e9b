namespace ProdStock.Services.Storage.DemoData;

/// <summary>A user score of the demo data set.</summary>
public readonly record struct DemoUserScore(int UserId, int Score);
