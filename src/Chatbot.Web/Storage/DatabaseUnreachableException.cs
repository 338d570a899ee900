namespace Chatbot.Web.Storage;

/// <summary>PostgreSQL could not be reached at start-up (StorageExtensions.PrepareStorageAsync): Program prints the
/// message, one line naming where it tried, and exits with 4.</summary>
public sealed class DatabaseUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
