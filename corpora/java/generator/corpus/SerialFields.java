package corpus;

/**
 * Implemented by classes whose serializable fields are not (all) real Java fields, i.e. classes
 * declaring {@code serialPersistentFields} and writing them with {@code putFields()} /
 * {@code writeFields()}: gives the value written for each declared serializable field.
 */
public interface SerialFields {
    /** The value written for field {@code name} of {@code declaringClass} (boxed for primitives). */
    Object serialFieldValue(Class<?> declaringClass, String name);
}
