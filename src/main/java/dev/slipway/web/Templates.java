package dev.slipway.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The pages' jte templates, compiled to classes at build time (jte-maven-plugin), so rendering needs no compiler and
 * every value is escaped for where it lands (text, attribute, URL) by the templates' HTML content type.
 */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> parameters) {
        StringOutput out = new StringOutput();
        engine.render(template + ".jte", parameters, out);
        return out.toString();
    }
}
