using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Makes directory entries durable: after a file is created or renamed into a directory, the directory itself must be flushed, or a
/// crash can lose the new name even though the file's bytes were flushed. .NET has no API for this, so it calls <c>fsync</c> on a
/// descriptor of the directory.
/// </summary>
/// <remarks>
/// On Windows this is a no-op: NTFS journals metadata changes such as creates and renames, and a directory cannot be opened and flushed
/// the way POSIX allows. On other platforms without POSIX directory descriptors (browsers, mobile sandboxes) it is a no-op as well.
/// </remarks>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int InvalidArgument = 22; // EINVAL has this value on Linux, macOS and FreeBSD.

    private static readonly bool IsPosix = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    // O_DIRECTORY differs per platform and, on Linux, per architecture (asm-generic uses 0200000; arm, arm64 and powerpc define 040000).
    // Passing the wrong bit could request O_DIRECT instead, so it is chosen explicitly.
    private static readonly int DirectoryFlag =
        OperatingSystem.IsMacOS() ? 0x100000
        : OperatingSystem.IsFreeBSD() ? 0x20000
        : RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le ? 0x4000
        : 0x10000;

    /// <summary>Flushes a directory's entries to disk.</summary>
    /// <param name="directoryPath">The directory.</param>
    /// <exception cref="IOException">The directory could not be opened or flushed; the message carries the <c>errno</c>.</exception>
    public static void Flush(string directoryPath)
    {
        if (!IsPosix)
        {
            return;
        }

        int descriptor = Open(directoryPath, ReadOnly | DirectoryFlag);
        if (descriptor < 0)
        {
            throw Failure("open", directoryPath, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();

                // Some filesystems (for example some FUSE and network mounts) cannot sync a directory and say so with EINVAL; there is
                // nothing more durable to do there, and failing every write would make the store unusable on them.
                if (errno != InvalidArgument)
                {
                    throw Failure("fsync", directoryPath, errno);
                }
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>
    /// Creates a directory and any missing parents, flushing the parent of every directory it creates so the new entries survive a crash.
    /// </summary>
    /// <param name="directoryPath">The directory.</param>
    public static void CreateDirectory(string directoryPath)
    {
        if (Directory.Exists(directoryPath))
        {
            return;
        }

        string? parent = Path.GetDirectoryName(directoryPath);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        // Another process may create it at the same time; CreateDirectory tolerates that.
        Directory.CreateDirectory(directoryPath);
        if (parent is not null)
        {
            Flush(parent);
        }
    }

    private static IOException Failure(string call, string path, int errno) =>
        new($"{call}() of directory '{path}' failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).", errno);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
