package org.pubsubserver.xmpp.pubsub;

import java.util.Collection;
import java.util.function.Function;
import org.dom4j.Element;
import org.pubsubserver.core.config.FormFieldSpec;
import org.xmpp.forms.DataForm;
import org.xmpp.forms.FormField;

/** Writes the service's forms (XEP-0004): FORM_TYPE, then each field with its type, label, options and value. */
final class Forms {
    static final String SUBSCRIBE_OPTIONS = "http://jabber.org/protocol/pubsub#subscribe_options";

    private Forms() {
    }

    static <F extends FormFieldSpec> Element render(String formType, DataForm.Type type, Collection<F> fields,
                                                    Function<F, String> value) {
        DataForm form = new DataForm(type);
        form.addField("FORM_TYPE", null, FormField.Type.hidden).addValue(formType);
        for (F spec : fields) {
            FormField field = form.addField(spec.var(), spec.label(), FormField.Type.fromXMPP(spec.type().value()));
            for (String option : spec.options()) {
                field.addOption(null, option);
            }
            String current = value.apply(spec);
            if (current != null && !current.isEmpty()) {
                // a list-multi field keeps its values one a line
                current.lines().forEach(field::addValue);
            }
        }
        return form.getElement().createCopy();
    }
}
