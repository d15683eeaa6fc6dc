package dev.webhooks.shared;

/**
 * How much of a receiver's answer the client reads and keeps. A receiver is the tenant's, so its
 * answer is hostile input: without limits one answer of 100,000 header lines filled the heap.
 *
 * @param maxHeaders header lines of a response head; one more and the attempt fails (while a head
 *     is read the client holds at most {@code maxHeaders * maxHeaderLine} bytes of it)
 * @param maxHeaderLine bytes of one header line; a longer line fails the attempt
 * @param maxHeaderBytes bytes of headers kept for the attempt log (the rest are counted in a marker
 *     entry)
 * @param maxBodyBytes bytes of the body read and kept (the rest is discarded, and the kept text
 *     ends with a marker)
 */
public record ResponseLimits(
    int maxHeaders, int maxHeaderLine, int maxHeaderBytes, int maxBodyBytes) {
  public static final ResponseLimits DEFAULT = new ResponseLimits(50, 4096, 16 * 1024, 64 * 1024);

  /** The most body bytes kept (what the attempt log stores). */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  public ResponseLimits {
    if (maxHeaders < 1
        || maxHeaderLine < 256
        || maxHeaderBytes < 256
        || maxBodyBytes < 0
        || maxBodyBytes > MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "response limits out of range: headers "
              + maxHeaders
              + " (at least 1), header line "
              + maxHeaderLine
              + " (at least 256), header bytes "
              + maxHeaderBytes
              + " (at least 256), body bytes "
              + maxBodyBytes
              + " (0 to "
              + MAX_BODY_BYTES
              + ")");
    }
  }
}
