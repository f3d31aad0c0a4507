namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>Validation and symmetric smoothing of two aligned count vectors, shared by the binned drift methods.</summary>
internal static class BinnedCounts
{
    /// <summary>Checks that both vectors are non-empty, equally long, non-negative and each has a positive total.</summary>
    public static (long ReferenceTotal, long CurrentTotal) Validate(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        if (reference.Length == 0)
        {
            throw new InvalidMonitoringInputException("referenceCounts", "there are no bins");
        }

        if (reference.Length != current.Length)
        {
            throw new InvalidMonitoringInputException("currentCounts", $"it has {current.Length} bins but the reference has {reference.Length}; bins must be aligned");
        }

        long referenceTotal = 0, currentTotal = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            if (reference[i] < 0)
            {
                throw new InvalidMonitoringInputException("referenceCounts", $"bin {i} has a negative count ({reference[i]})");
            }

            if (current[i] < 0)
            {
                throw new InvalidMonitoringInputException("currentCounts", $"bin {i} has a negative count ({current[i]})");
            }

            referenceTotal = checked(referenceTotal + reference[i]);
            currentTotal = checked(currentTotal + current[i]);
        }

        if (referenceTotal == 0)
        {
            throw new InvalidMonitoringInputException("referenceCounts", "all counts are 0: the reference is empty");
        }

        if (currentTotal == 0)
        {
            throw new InvalidMonitoringInputException("currentCounts", "all counts are 0: the current window is empty");
        }

        return (referenceTotal, currentTotal);
    }

    /// <summary>Checks a smoothing probability.</summary>
    public static void ValidateSmoothing(double smoothing)
    {
        if (!(smoothing >= 0) || !double.IsFinite(smoothing))
        {
            throw new InvalidMonitoringInputException(nameof(smoothing), $"must be a finite probability of at least 0, not {smoothing}");
        }
    }

    /// <summary>Checks a distance threshold.</summary>
    public static void ValidateThreshold(double threshold)
    {
        if (!(threshold >= 0) || !double.IsFinite(threshold))
        {
            throw new InvalidMonitoringInputException(nameof(threshold), $"must be a finite number of at least 0, not {threshold}");
        }
    }

    /// <summary>Checks a significance level.</summary>
    public static void ValidateAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new InvalidMonitoringInputException(nameof(alpha), $"the significance level must be strictly between 0 and 1, not {alpha}");
        }
    }

    /// <summary>
    /// The smoothed proportion p_i = (c_i/N + ε) / (1 + kε): the same ε on both sides, so identical distributions stay identical
    /// and both vectors still sum to 1 (unlike replacing zeros with ε on one side only; see evidentlyai/evidently#334).
    /// </summary>
    public static double Smoothed(long count, long total, int bins, double smoothing) =>
        (((double)count / total) + smoothing) / (1 + (bins * smoothing));
}
