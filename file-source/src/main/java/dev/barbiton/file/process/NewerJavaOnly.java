package dev.barbiton.file.process;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that calls a Java API newer than Android 26 offers, and runs only where a check at
 * run time found that API: the build's Android API check skips what it marks.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
@interface NewerJavaOnly {}
