using KisTrader.Core.Ml.Training;
using Microsoft.ML.OnnxRuntime;

namespace KisTrader.Ml;

/// <summary>
/// A model scored by ONNX Runtime from its ONNX export (<see cref="OnnxExport"/>): one <see cref="InferenceSession"/>,
/// one thread per call (the machine's cores belong to the trading loop), the rows copied into one float[rows × width]
/// tensor per call. <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is safe to call from several threads at once, so one instance serves every caller.
/// </summary>
public sealed class OnnxProbabilityModel : IProbabilityModel, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputs;
    private readonly string[] _outputs;
    private readonly RunOptions _run = new();

    private OnnxProbabilityModel(string name, InferenceSession session, string output, int width)
    {
        Name = name;
        Width = width;
        _session = session;
        _inputs = [OnnxExport.Input];
        _outputs = [output];
    }

    public string Name { get; }

    /// <summary>Features per row the model takes.</summary>
    public int Width { get; }

    /// <summary>Opens an export; refuses one whose input is not a float feature vector of <paramref name="width"/>
    /// values or that has no probability output.</summary>
    public static OnnxProbabilityModel Load(byte[] onnx, string name, int width)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"The stored ONNX model {name} cannot be opened: {e.Message}", e);
        }
        try
        {
            if (!session.InputMetadata.TryGetValue(OnnxExport.Input, out var input) || input.ElementType != typeof(float)
                || input.Dimensions.Length != 2 || input.Dimensions[1] != width)
                throw new InvalidDataException($"The stored ONNX model {name} does not take a float [rows, {width}] '{OnnxExport.Input}' input " +
                                               $"(inputs: {string.Join(", ", session.InputMetadata.Select(i => $"{i.Key} [{string.Join(", ", i.Value.Dimensions)}]"))}).");
            if (session.InputMetadata.Count != 1)
                throw new InvalidDataException($"The stored ONNX model {name} wants inputs besides '{OnnxExport.Input}': {string.Join(", ", session.InputMetadata.Keys)}.");
            var output = session.OutputMetadata.Keys.FirstOrDefault(k => k.StartsWith(MlNetData.Probability, StringComparison.Ordinal))
                ?? throw new InvalidDataException($"The stored ONNX model {name} has no {MlNetData.Probability} output (outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");
            return new OnnxProbabilityModel(name, session, output, width);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public float[] PredictProbabilities(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        var buffer = new float[rows.Count * Width];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.Length != Width) throw new ArgumentException($"A row has {r.Length} values; the model was trained on {Width}.", nameof(rows));
            r.CopyTo(buffer, i * Width);
        }
        using var input = OrtValue.CreateTensorValueFromMemory(buffer, [rows.Count, Width]);
        using var outputs = _session.Run(_run, _inputs, [input], _outputs);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>();
        if (probabilities.Length != rows.Count)
            throw new InvalidDataException($"The ONNX model {Name} gave {probabilities.Length} probabilities for {rows.Count} rows.");
        return probabilities.ToArray();
    }

    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }
}
