package dev.webhooks.deliveries.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class IdListsTest {
  @Test
  void padsToAFewFixedLengthsWithTheLastIdAndDropsRepeats() {
    assertEquals(List.of(7L), IdLists.padded(List.of(7L, 7L)));
    assertEquals(List.of(1L, 2L, 3L, 3L, 3L, 3L, 3L, 3L), IdLists.padded(List.of(1L, 2L, 3L)));
    assertEquals(List.of(), IdLists.padded(List.of()));
  }

  @Test
  void lengthsAreFewWhateverTheNumberOfIds() {
    long shapes =
        LongStream.rangeClosed(1, 2000).map(n -> IdLists.lengthFor((int) n)).distinct().count();
    assertEquals(9, shapes); // 1, 8, 32, 128, 256, 512, 1024, 1536, 2048
    assertEquals(
        200, IdLists.padded(LongStream.range(0, 200).boxed().toList()).stream().distinct().count());
    assertEquals(256, IdLists.padded(LongStream.range(0, 200).boxed().toList()).size());
  }

  @Test
  void slicesBindAtMostThirtyTwoIdsEachAndKeepEveryIdOnce() {
    List<List<Long>> slices = IdLists.slices(LongStream.range(0, 70).boxed().toList());
    assertEquals(List.of(32, 32, 8), slices.stream().map(List::size).toList());
    assertEquals(
        LongStream.range(0, 70).boxed().toList(),
        slices.stream().flatMap(List::stream).distinct().toList());
    assertEquals(List.of(List.of(5L)), IdLists.slices(List.of(5L, 5L)));
    assertEquals(List.of(), IdLists.slices(List.of()));
  }

  @Test
  void placeholdersMatchTheLength() {
    assertEquals("?,?,?", IdLists.placeholders(3));
  }
}
