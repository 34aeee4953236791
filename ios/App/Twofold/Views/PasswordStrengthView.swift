// The strength meter under a "choose a new password" field: the core's score
// and reason, worded from the String Catalog. It judges nothing itself.

import SwiftUI
import TwofoldKit

struct PasswordStrengthView: View {
    let strength: PasswordStrength?

    var body: some View {
        if let strength {
            VStack(alignment: .leading, spacing: 4) {
                ProgressView(value: Double(strength.score) + 1, total: 5)
                    .tint(strength.acceptable ? .green : .orange)
                    .accessibilityHidden(true)
                Text(Strings.passwordScore(strength.score))
                    .font(.footnote.weight(.semibold))
                    .foregroundStyle(strength.acceptable ? Color.secondary : Color.orange)
                if let weakness = strength.weakness {
                    Text(Strings.passwordWeakness(weakness))
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                }
            }
            .accessibilityElement(children: .combine)
        }
    }
}
