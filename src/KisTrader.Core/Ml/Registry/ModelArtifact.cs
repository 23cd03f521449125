using System.Security.Cryptography;

namespace KisTrader.Core.Ml.Registry;

/// <summary>A stored form of a trained model: <c>onnx</c> (the export the product infers from) or <c>mlnet</c> (ML.NET's
/// own zip).</summary>
public sealed record ModelArtifact(string Format, byte[] Bytes)
{
    public const string Onnx = "onnx";
    public const string MlNet = "mlnet";
    public const int MaxFormatLength = 16;

    public ModelArtifactInfo Info => new(Format, Bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(Bytes)));
}

/// <summary>What the version row says about an artifact; the bytes are read on their own (<see cref="IModelRegistry.GetArtifactAsync"/>).</summary>
public sealed record ModelArtifactInfo(string Format, long Length, string Sha256);
