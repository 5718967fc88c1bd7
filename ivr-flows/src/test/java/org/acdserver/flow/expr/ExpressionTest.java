package org.acdserver.flow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest {

    private static final Map<String, String> VARS = Map.of("caller", "5550100", "customer.vip", "true",
            "customer.balance", "1250.50", "name", "Ada", "count", "9");

    private static Object eval(String text) throws ExpressionException {
        return Expression.parse(text).evaluate(VARS::get);
    }

    private static boolean test(String text) throws ExpressionException {
        return Expression.parse(text).test(VARS::get);
    }

    @Test
    void comparesNumbersAsNumbersAndTextAsText() throws Exception {
        assertThat(test("count < 10")).isTrue(); // as text "9" > "10"
        assertThat(test("customer.balance >= 1000 and customer.balance < 2000")).isTrue();
        assertThat(test("name == 'Ada'")).isTrue();
        assertThat(test("name != \"Ada\"")).isFalse();
        assertThat(test("customer.vip == 'true'")).isTrue();
        assertThat(test("unknown == ''")).isTrue();
    }

    @Test
    void andOrNotAndParenthesesBindAsExpected() throws Exception {
        assertThat(test("not customer.vip == 'false'")).isTrue();
        assertThat(test("name == 'Bo' or count > 5 and name == 'Ada'")).isTrue();
        assertThat(test("(name == 'Bo' or count > 5) and name == 'Bo'")).isFalse();
        assertThat(test("not (count > 5)")).isFalse();
    }

    @Test
    void stringAndNumberFunctions() throws Exception {
        assertThat(eval("len(caller)")).hasToString("7");
        assertThat(eval("upper(name) + '-' + lower(name)")).isEqualTo("ADA-ada");
        assertThat(test("startsWith(caller, '555') and endsWith(caller, '100') and contains(caller, '01')")).isTrue();
        assertThat(eval("substr(caller, 0, 3)")).isEqualTo("555");
        assertThat(Expression.parse("round(customer.balance)").evaluateText(VARS::get)).isEqualTo("1251");
        assertThat(Expression.parse("count * 2 + 1").evaluateText(VARS::get)).isEqualTo("19");
        assertThat(Expression.parse("max(count, 12) - min(count, 12)").evaluateText(VARS::get)).isEqualTo("3");
        assertThat(test("matches(caller, '555[0-9]{4}')")).isTrue();
        assertThat(test("isNumber(name)")).isFalse();
        assertThat(test("empty(missing)")).isTrue();
        assertThat(Expression.parse("count / 0").evaluateText(VARS::get)).isEqualTo("0");
    }

    @Test
    void nothingOutsideTheLanguageCanBeReached() {
        assertThatThrownBy(() -> Expression.parse("System.exit(1)"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("unknown function 'System.exit'");
        assertThatThrownBy(() -> Expression.parse("caller.getClass()"))
                .hasMessageContaining("unknown function");
        assertThatThrownBy(() -> Expression.parse("new java.io.File('x')"))
                .isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> Expression.parse("matches(caller, name)"))
                .hasMessageContaining("quoted pattern");
    }

    @Test
    void errorsSayWhere() {
        assertThatThrownBy(() -> Expression.parse("count > "))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.offset()).isEqualTo(8));
        assertThatThrownBy(() -> Expression.parse("name == 'Ada"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.offset()).isEqualTo(8);
                    assertThat(e.getMessage()).contains("not closed");
                });
        assertThatThrownBy(() -> Expression.parse("matches(caller, '[0-9')"))
                .hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> Expression.parse("len(a, b)")).hasMessageContaining("takes 1 arguments");
        assertThatThrownBy(() -> Expression.parse("(".repeat(60) + "1" + ")".repeat(60)))
                .hasMessageContaining("nested too deeply");
    }
}
