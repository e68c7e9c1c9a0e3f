package io.kubeloop.apiserver.patch;

import static io.kubeloop.apiserver.patch.PatchTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Go's values, formatting and stable sort as kube's strategic merge patch uses them. */
class GoValuesTest {

  @Test
  void floatsPrintAsGoPrintsThemWithV() {
    Object[][] cases = {
      {0.0, "0"},
      {-0.0, "-0"},
      {1.0, "1"},
      {0.5, "0.5"},
      {-2.5, "-2.5"},
      {123456.0, "123456"},
      {1e6, "1e+06"},
      {1234567.0, "1.234567e+06"},
      {1e21, "1e+21"},
      {100000.5, "100000.5"},
      {0.0001, "0.0001"},
      {0.00001, "1e-05"},
      {1.5e-7, "1.5e-07"},
      {1e100, "1e+100"},
      {0.1 + 0.2, "0.30000000000000004"},
      {Double.POSITIVE_INFINITY, "+Inf"},
    };
    for (Object[] c : cases) {
      assertThat(GoValues.formatFloat((Double) c[0])).as(c[0].toString()).isEqualTo(c[1]);
    }
  }

  @Test
  void valuesPrintWithVAndS() {
    assertThat(GoValues.v(json("{'b':[1,2.5,true,null],'a':{'y':'s','x':{}},'$p':'q'}")))
        .isEqualTo("map[$p:q a:map[x:map[] y:s] b:[1 2.5 true <nil>]]");
    assertThat(GoValues.s(json("'x'"))).isEqualTo("x");
    assertThat(GoValues.s(json("1"))).isEqualTo("%!s(int64=1)");
    assertThat(GoValues.s(json("1.5"))).isEqualTo("%!s(float64=1.5)");
    assertThat(GoValues.s(json("false"))).isEqualTo("%!s(bool=false)");
    assertThat(GoValues.s(json("null"))).isEqualTo("%!s(<nil>)");
    assertThat(GoValues.s(json("{'a':1,'b':'c'}"))).isEqualTo("map[a:%!s(int64=1) b:c]");
    assertThat(GoValues.typeName(json("[1]"))).isEqualTo("[]interface {}");
    assertThat(GoValues.typeName(json("null"))).isEqualTo("%!s(<nil>)");
    assertThat(GoValues.quote("a\"b\\c\n\u0001é")).isEqualTo("\"a\\\"b\\\\c\\n\\x01é\"");
  }

  @Test
  void integersAndFloatsAreDifferentGoTypes() {
    assertThat(GoValues.equal(json("80"), json("80"))).isTrue();
    assertThat(GoValues.equal(json("80"), json("80.0"))).isFalse();
    assertThat(GoValues.equal(json("0.0"), json("-0.0"))).isTrue();
    assertThat(GoValues.equal(json("'a'"), json("{}"))).isFalse();
    assertThat(GoValues.equal(json("null"), json("null"))).isTrue();
    assertThat(GoValues.typeOf(json("99999999999999999999"))).isEqualTo(GoValues.Type.FLOAT64);
    assertThatThrownBy(() -> GoValues.equal(json("{}"), json("{}"))).isInstanceOf(GoPanic.class);
    assertThatThrownBy(() -> GoValues.hashKey(json("[]"))).isInstanceOf(GoPanic.class);
  }

  @Test
  void goStableSortSortsStablyWithAConsistentComparator() {
    Random random = new Random(42);
    for (int n = 0; n < 300; n += 7) {
      List<int[]> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(new int[] {random.nextInt(10), i});
      }
      List<int[]> expected = new ArrayList<>(items);
      expected.sort(Comparator.comparingInt(a -> a[0]));
      List<int[]> actual = new ArrayList<>(items);
      GoStableSort.sort(actual, (i, j) -> actual.get(i)[0] < actual.get(j)[0]);
      assertThat(actual).as("n=" + n).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void goStableSortFollowsGoWithKubesInconsistentComparator() {
    // kube's "less" is true whenever an item is missing from the order list, so the order depends
    // on the algorithm: this is what Go's insertion sort makes of it. -1 stands for "missing".
    List<Integer> items = new ArrayList<>(List.of(2, -1, 0, 1));
    GoStableSort.sort(
        items,
        (i, j) -> {
          int a = items.get(i);
          int b = items.get(j);
          return a < 0 || b < 0 || a < b;
        });
    assertThat(items).containsExactly(0, 1, -1, 2);
  }
}
