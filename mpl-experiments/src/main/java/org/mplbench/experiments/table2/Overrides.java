package org.mplbench.experiments.table2;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mplbench.config.ConfigException;

/** Replaces one component of a config record by its snake-case name, re-running its validation. */
final class Overrides {

    private Overrides() {}

    static <R extends Record> R replace(R record, String snakeName, String text, String property) {
        RecordComponent c = component(record, snakeName, property);
        return replace(record, c.getName(), parse(c.getType(), text, property));
    }

    /**
     * Replaces several components at once (snake-case names → text, each reported as
     * {@code prefix + name}), validating only the result: fields that constrain each other (the ImageNet
     * views and the padding) change together.
     */
    static <R extends Record> R replaceAll(R record, Map<String, String> texts, String prefix) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            RecordComponent c = component(record, e.getKey(), prefix + e.getKey());
            values.put(c.getName(), parse(c.getType(), e.getValue(), prefix + e.getKey()));
        }
        return construct(record, values);
    }

    static <R extends Record> R replace(R record, String name, Object value) {
        return construct(record, Map.of(name, value));
    }

    private static <R extends Record> R construct(R record, Map<String, Object> values) {
        RecordComponent[] cs = record.getClass().getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        try {
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = values.containsKey(cs[i].getName()) ? values.get(cs[i].getName())
                        : cs[i].getAccessor().invoke(record);
            }
            @SuppressWarnings("unchecked")
            R r = (R) record.getClass().getDeclaredConstructor(types).newInstance(args);
            return r;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordComponent component(Record record, String snakeName, String property) {
        List<String> names = new ArrayList<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            String snake = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
            if (snake.equals(snakeName)) {
                return c;
            }
            names.add(snake);
        }
        throw new ConfigException(property, "no such field; fields: " + String.join(", ", names));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<? extends Enum> type, String text, String property) {
        return org.mplbench.config.Check.parseEnum(property, text, (Class) type);
    }

    private static Object parse(Class<?> type, String text, String property) {
        try {
            if (type == int.class) {
                return Integer.parseInt(text);
            } else if (type == long.class) {
                return Long.parseLong(text);
            } else if (type == double.class) {
                return Double.parseDouble(text);
            } else if (type == boolean.class) {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new NumberFormatException();
                }
                return Boolean.parseBoolean(text);
            } else if (type == String.class) {
                return text;
            } else if (type.isEnum()) {
                return enumValue(type.asSubclass(Enum.class), text, property);
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(property, "'" + text + "' is not a valid " + type.getSimpleName());
        }
        throw new ConfigException(property, "cannot be overridden from the command line");
    }
}
