package dev.webhooks.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MembershipTest {

  /** Each member's share of a limit: divided, rounded up, never zero for a positive limit. */
  @ParameterizedTest(name = "{0} among {1} members: {2} each")
  @CsvSource({
    "128, 1, 128",
    "128, 2, 64",
    "128, 3, 43",
    "10, 2, 5",
    "10, 3, 4",
    "1, 2, 1",
    "1, 5, 1",
    "3, 2, 2",
    "0, 2, 0",
    "7, 0, 7"
  })
  void share(int limit, int members, int expected) {
    assertEquals(expected, Membership.share(limit, members));
  }

  @ParameterizedTest(name = "a limit of {0} over {1} members overshoots by at most {1} - 1")
  @CsvSource({"10, 2", "10, 3", "1, 4", "128, 5", "7, 7"})
  void overshootIsAtMostOnePerMemberBeyondTheFirst(int limit, int members) {
    int total = Membership.share(limit, members) * members;
    org.junit.jupiter.api.Assertions.assertTrue(total >= limit, "never below the limit in total");
    org.junit.jupiter.api.Assertions.assertTrue(
        total - limit <= members - 1, "overshoot " + (total - limit));
  }
}
