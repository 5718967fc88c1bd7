package org.acdserver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Test JVMs side by side: names and port slices that never meet. */
class TestForkTest {

    private static final FreePorts.Range ABOVE = new FreePorts.Range(61_000, 65_535);

    @Test
    void aJvmAloneKeepsTheWholeRangeAndNoPrefix() {
        TestFork alone = new TestFork(1, 1);
        assertThat(alone.slice(ABOVE)).isEqualTo(ABOVE);
        assertThat(alone.namePrefix()).isEmpty();
    }

    @Test
    void forksShareARangeInSlicesThatCoverItAndDoNotOverlap() {
        for (int count = 2; count <= 5; count++) {
            int next = ABOVE.first();
            for (int index = 1; index <= count; index++) {
                FreePorts.Range slice = new TestFork(index, count).slice(ABOVE);
                assertThat(slice.first()).as("fork %d of %d starts where the one before ended", index, count)
                        .isEqualTo(next);
                assertThat(slice.size()).isGreaterThanOrEqualTo(ABOVE.size() / count);
                next = slice.last() + 1;
            }
            assertThat(next - 1).as("the last of %d forks ends the range", count).isEqualTo(ABOVE.last());
        }
    }

    @Test
    void eachForkHasItsOwnNamePrefix() {
        assertThat(new TestFork(1, 2).namePrefix()).isEqualTo("f1-");
        assertThat(new TestFork(2, 2).namePrefix()).isEqualTo("f2-");
    }

    @Test
    void aForkOutsideItsCountIsRefusedWithBothFigures() {
        assertThatThrownBy(() -> new TestFork(3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 of 2");
        assertThatThrownBy(() -> new TestFork(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBuildsPropertyNamesTheForkAndItsCount() {
        assertThat(TestFork.parse("2/3")).isEqualTo(new TestFork(2, 3));
        assertThat(TestFork.parse(" 1/2 ")).isEqualTo(new TestFork(1, 2));
        assertThat(TestFork.parse("")).isEqualTo(new TestFork(1, 1));
        for (String bad : List.of("2", "two/3", "${surefire.forkNumber}/2", "1/2/3")) {
            assertThatThrownBy(() -> TestFork.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> TestFork.parse("4/3")).hasMessageContaining("4 of 3");
    }
}
